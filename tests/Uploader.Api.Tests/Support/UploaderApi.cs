using System.Net.Http.Json;
using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>The contract's endpoints as calls; answers are returned unread so tests can assert any status.</summary>
public sealed class UploaderApi(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>A client of a server started as a process, sending the tests' key.</summary>
    public static UploaderApi ForProcess(Uri baseAddress, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout };
        client.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        return new UploaderApi(client);
    }

    public async Task<HttpResponseMessage> UploadAsync(ChunkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var content = request.ToContent();
        return await Http.PostAsync(Relative("go-uploader/upload_chunk"), content);
    }

    /// <summary>Sends the chunks concurrently; every one must be answered 200.</summary>
    public Task UploadChunksAsync(SourceFile file, IEnumerable<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Task.WhenAll(indexes.Select(i => UploadAsync(file.Request(i)).ExpectOkAsync()));
    }

    public Task UploadAllAsync(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return UploadChunksAsync(file, file.Indexes);
    }

    /// <summary>merge_chunks as an application/x-www-form-urlencoded form.</summary>
    public async Task<HttpResponseMessage> MergeAsync(string fileId, string? expectedMd5 = null, int? totalChunks = null)
    {
        var fields = new Dictionary<string, string> { ["file_id"] = fileId };
        if (expectedMd5 is not null)
        {
            fields["expected_md5"] = expectedMd5;
        }

        if (totalChunks is { } total)
        {
            fields["total_chunks"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(Relative("go-uploader/merge_chunks"), content);
    }

    /// <summary>merge_chunks with a JSON body.</summary>
    public Task<HttpResponseMessage> MergeJsonAsync(object body) =>
        Http.PostAsJsonAsync(Relative("go-uploader/merge_chunks"), body);

    public Task<HttpResponseMessage> StatusAsync(string fileId) =>
        Http.GetAsync(Relative($"go-uploader/upload_status?file_id={Uri.EscapeDataString(fileId)}"));

    public Task<HttpResponseMessage> PauseAsync(string fileId) => TaskActionAsync(fileId, "pause");

    public Task<HttpResponseMessage> ResumeAsync(string fileId) => TaskActionAsync(fileId, "resume");

    /// <summary>The indexes upload_status lists as stored.</summary>
    public async Task<int[]> StoredChunksAsync(string fileId) =>
        (await StatusAsync(fileId).ExpectOkAsync()).Ints("uploaded_chunks");

    /// <summary>Asserts that upload_status lists exactly <paramref name="indexes"/>, in order.</summary>
    public async Task ExpectStoredAsync(string fileId, params int[] indexes) =>
        Assert.Equal(indexes, await StoredChunksAsync(fileId));

    public async Task<JsonElement> MergeOkAsync(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return await MergeAsync(file.FileId, file.Md5).ExpectOkAsync();
    }

    public void Dispose() => Http.Dispose();

    private Task<HttpResponseMessage> TaskActionAsync(string fileId, string action) =>
        Http.PostAsync(Relative($"go-uploader/tasks/{Uri.EscapeDataString(fileId)}/{action}"), null);

    private static Uri Relative(string path) => new(path, UriKind.Relative);
}
