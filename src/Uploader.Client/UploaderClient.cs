using System.Net.Http.Json;
using System.Text.Json;

namespace Uploader.Client;

/// <summary>
/// Typed client of the Uploader HTTP contract (base path <c>/go-uploader</c>). Every call is retried on connection
/// failures, attempt timeouts, 408, 429 and 5xx (see <see cref="UploaderClientOptions"/>) and throws
/// <see cref="UploaderApiException"/> for any other refusal. Every answer record carries the server's JSON object as
/// <c>Raw</c> (a <see cref="JsonElement"/>), so a caller that prints JSON can print exactly what the server sent.
/// </summary>
public sealed class UploaderClient
{
    private static readonly TimeSpan MinimumPollDelay = TimeSpan.FromMilliseconds(50);

    private readonly ServerEndpoints _endpoints;
    private readonly RequestRunner _runner;
    private readonly TimeSpan _pollDelay;
    private readonly LocalFileReader _files;

    /// <param name="http">Its <see cref="HttpClient.BaseAddress"/> is used when <paramref name="options"/> has none.
    /// Give it an infinite <see cref="HttpClient.Timeout"/>: <see cref="UploaderClientOptions.AttemptTimeout"/> limits each attempt.</param>
    public UploaderClient(HttpClient http, UploaderClientOptions options)
        : this(http, options, LocalFileReader.Default)
    {
    }

    /// <param name="files">Opens the local files of uploads; tests count the opens with it.</param>
    internal UploaderClient(HttpClient http, UploaderClientOptions options, LocalFileReader files)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _files = files;
        var root = options.BaseAddress ?? http.BaseAddress
            ?? throw new ArgumentException("Neither the options nor the HttpClient name the server's address.", nameof(options));
        _endpoints = new ServerEndpoints(root);
        _runner = new RequestRunner(http, options.ApiKey, new RetryPipeline(options));
        _pollDelay = options.RetryInitialDelay > MinimumPollDelay ? options.RetryInitialDelay : MinimumPollDelay;
    }

    /// <summary>
    /// Uploads one file in chunks and merges it: resumes the task of the same <see cref="UploadOptions.FileId"/> by
    /// sending only the chunks the server lacks, re-sends chunks the merge reports corrupt, and checks the whole
    /// file's md5 at the merge. The server's limits (and so the key) are checked before the file is read.
    /// </summary>
    public async Task<UploadResult> UploadFileAsync(string path, UploadOptions? options = null, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var settings = options ?? new UploadOptions();
        var file = new FileInfo(path);
        var relativePath = settings.RelativePath ?? file.Name;
        var limits = settings.Limits ?? await GetLimitsOrNullAsync(cancellationToken).ConfigureAwait(false);
        limits?.Check(file, relativePath, settings.ChunkSize);
        var fileId = settings.FileId ?? FileIdentity.Of(file, settings.ChunkSize, relativePath);
        return await new FileUpload(_runner, _endpoints, file, fileId, relativePath, settings, _pollDelay, _files, progress).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads every file under <paramref name="folder"/> (subfolders included, one file after another), each to its
    /// path relative to the folder with '/', prefixed by <see cref="UploadOptions.RelativePath"/> when set. Every
    /// file is checked against the server's limits before the first is sent.
    /// </summary>
    public async Task<IReadOnlyList<UploadResult>> UploadFolderAsync(string folder, UploadOptions? options = null, IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var settings = options ?? new UploadOptions();
        var root = new DirectoryInfo(folder);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
        }

        var files = FolderFiles.Under(root).Select(f => (File: f, Relative: FolderFiles.RelativePath(root, f, settings.RelativePath))).ToList();
        var limits = settings.Limits ?? await GetLimitsOrNullAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (file, relative) in files)
        {
            limits?.Check(file, relative, settings.ChunkSize);
        }

        var results = new List<UploadResult>();
        foreach (var (file, relative) in files)
        {
            var fileId = settings.FileId is null ? FileIdentity.Of(file, settings.ChunkSize, relative) : FileIdentity.Seeded(settings.FileId, relative);
            var upload = new FileUpload(_runner, _endpoints, file, fileId, relative, settings, _pollDelay, _files, progress);
            results.Add(await upload.RunAsync(cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>GET limits: the sizes, chunk count and extensions the server accepts.</summary>
    public async Task<ServerLimits> GetLimitsAsync(CancellationToken cancellationToken = default)
    {
        var answer = await _runner.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _endpoints.Limits), cancellationToken).ConfigureAwait(false);
        return WireJson.Read<ServerLimits>(answer.Body) with { Raw = answer.Body };
    }

    /// <summary>
    /// The limits, or null from a server without the route (an older version, go-uploader): it then refuses what it
    /// must itself. A wrong key is a 401 before any route is looked up, so it still fails here.
    /// </summary>
    public async Task<ServerLimits?> GetLimitsOrNullAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetLimitsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (UploaderApiException ex) when (ex.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Downloads a completed task's merged file to <paramref name="path"/> (null: the server's name for it, in the
    /// current folder) through <c>PATH.part</c>: a broken transfer or an earlier run's partial file is resumed with
    /// Range/If-Range, the whole file's md5 is checked against the ETag, then the file is renamed into place. An
    /// existing <paramref name="path"/> is refused with <see cref="DownloadTargetExistsException"/> unless
    /// <paramref name="overwrite"/>. The server's 404 <c>task_not_found</c>, 409 <c>invalid_state</c> (not completed)
    /// and 410 <c>file_gone</c> are thrown as <see cref="UploaderApiException"/>.
    /// </summary>
    public Task<DownloadResult> DownloadAsync(
        string fileId, string? path = null, bool overwrite = false, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        return new FileDownload(_runner, _endpoints, fileId, progress).RunAsync(path, overwrite, cancellationToken);
    }

    public async Task<UploadStatus> GetUploadStatusAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        var answer = await _runner.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _endpoints.UploadStatus(fileId)), cancellationToken).ConfigureAwait(false);
        return WireJson.Read<UploadStatus>(answer.Body) with { Raw = answer.Body };
    }

    /// <param name="status">One of <c>uploading</c>, <c>paused</c>, <c>merging</c>, <c>completed</c>, <c>failed</c>; null for all.</param>
    public async Task<TaskPage> ListTasksAsync(string? status = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var answer = await _runner.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _endpoints.Tasks(status, page, pageSize)), cancellationToken).ConfigureAwait(false);
        var list = WireJson.Read<TaskPage>(answer.Body);
        var raws = answer.Body.GetProperty("tasks").EnumerateArray().ToList();
        return list with { Tasks = [.. list.Tasks.Select((t, i) => t with { Raw = raws[i] })], Raw = answer.Body };
    }

    public async Task<TaskDetail> GetTaskAsync(string fileId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        var answer = await _runner.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _endpoints.Task(fileId)), cancellationToken).ConfigureAwait(false);
        return WireJson.Read<TaskDetail>(answer.Body) with { Raw = answer.Body };
    }

    /// <summary>Pauses the task; the server answers with the task summary (<c>uploaded_chunks</c> a count).</summary>
    public Task<TaskSummary> PauseTaskAsync(string fileId, CancellationToken cancellationToken = default) =>
        PostTaskAsync(fileId, "/pause", cancellationToken);

    /// <summary>Resumes a paused or failed task; the server answers with the task summary.</summary>
    public Task<TaskSummary> ResumeTaskAsync(string fileId, CancellationToken cancellationToken = default) =>
        PostTaskAsync(fileId, "/resume", cancellationToken);

    /// <summary>Removes the task and its chunks; the merged file stays.</summary>
    public Task<DeleteTaskResult> DeleteTaskAsync(string fileId, CancellationToken cancellationToken = default) =>
        DeleteTaskAsync(fileId, deleteFile: false, cancellationToken);

    /// <summary>Removes the task and its chunks, and with <paramref name="deleteFile"/> a completed task's merged file.</summary>
    public async Task<DeleteTaskResult> DeleteTaskAsync(string fileId, bool deleteFile, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        var uri = _endpoints.Task(fileId, deleteFile ? "?delete_file=true" : string.Empty);
        var answer = await _runner.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, uri), cancellationToken).ConfigureAwait(false);
        return WireJson.Read<DeleteTaskResult>(answer.Body) with { Raw = answer.Body };
    }

    public async Task<CleanupResult> CleanupTasksAsync(CleanupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new List<string>();
        if (!string.IsNullOrEmpty(request.Status))
        {
            query.Add($"status={Uri.EscapeDataString(request.Status)}");
        }

        if (request.OlderThanDays is { } days)
        {
            query.Add($"older_than={days}");
        }

        var uri = _endpoints.At(query.Count == 0 ? "tasks/cleanup" : $"tasks/cleanup?{string.Join('&', query)}");
        var answer = await _runner.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, uri), cancellationToken).ConfigureAwait(false);
        return WireJson.Read<CleanupResult>(answer.Body) with { Raw = answer.Body };
    }

    /// <summary>Pauses, resumes or deletes many tasks in one request; a refused task is a result, not an exception.</summary>
    public async Task<BatchResult> BatchTasksAsync(BatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Only the fields given: the server wants exactly one of file_ids and status.
        var body = new Dictionary<string, object> { ["action"] = request.Action };
        if (request.FileIds is not null)
        {
            body["file_ids"] = request.FileIds;
        }

        if (request.Status is not null)
        {
            body["status"] = request.Status;
        }

        if (request.DeleteFile)
        {
            body["delete_file"] = true;
        }

        var answer = await _runner.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, _endpoints.At("tasks/batch")) { Content = JsonContent.Create(body) },
            cancellationToken).ConfigureAwait(false);
        return WireJson.Read<BatchResult>(answer.Body) with { Raw = answer.Body };
    }

    /// <summary>GET health. An unhealthy server (503) is a report, not an exception.</summary>
    public async Task<HealthReport> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        var answer = await _runner.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, _endpoints.Health),
            status => status == 503,
            cancellationToken).ConfigureAwait(false);
        return WireJson.Read<HealthReport>(answer.Body) with { HttpStatus = answer.Status, Raw = answer.Body };
    }

    private async Task<TaskSummary> PostTaskAsync(string fileId, string action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        var answer = await _runner.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _endpoints.Task(fileId, action)), cancellationToken).ConfigureAwait(false);
        return WireJson.Read<TaskSummary>(answer.Body) with { Raw = answer.Body };
    }
}
