using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uploader.Browser.Tests;

/// <summary>
/// The built server as its own process on a loopback port, everything it writes inside one temp folder: what a
/// browser test points Chromium at (a class fixture; tests in a class share it). Disposing stops the server and
/// removes the folder.
/// </summary>
public class LiveServer : IAsyncLifetime, IDisposable
{
    public const string SecretKey = "browser-tests-secret-key-0123456789";

    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();
    private readonly int _port = ServerProcess.FreePort();
    private ServerProcess? _process;

    public Uri BaseAddress => new($"http://127.0.0.1:{_port}/");

    /// <summary>A folder for the test's own files (what the browser uploads), removed with the server's.</summary>
    public string ScratchDir => Directory.CreateDirectory(_folder.Combine("scratch")).FullName;

    public async Task InitializeAsync()
    {
        var config = new JsonObject
        {
            ["port"] = _port,
            ["listen_address"] = "127.0.0.1",
            ["upload_dir"] = "./upload",
            ["merged_dir"] = "./merged",
            ["database"] = "./data/uploader.db",
            ["secret_key"] = SecretKey,
            ["enable_auth"] = true,
            ["log_level"] = "warn",
            ["min_free_disk_bytes"] = 0,
        };
        Configure(config);
        await File.WriteAllTextAsync(ConfigPath, config.ToJsonString());
        _process = ServerProcess.Start(ConfigPath);
        await _process.WaitUntilLiveAsync(BaseAddress, Startup);
    }

    private string ConfigPath => _folder.Combine("config.json");

    /// <summary>Where the server puts merged files.</summary>
    public string MergedDir => _folder.Combine("merged");

    /// <summary>A fixture of its own changes the server's configuration here.</summary>
    protected virtual void Configure(JsonObject config)
    {
    }

    /// <summary>SIGKILL (no shutdown code runs), then the same server again on the same port, folders and database.</summary>
    public async Task KillAndRestartAsync(TimeSpan downtime)
    {
        _process!.KillAtOnce();
        _process.Dispose();
        await Task.Delay(downtime);
        _process = ServerProcess.Start(ConfigPath);
        await _process.WaitUntilLiveAsync(BaseAddress, Startup);
    }

    private HttpClient KeyedClient()
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Add("X-Secret-Key", SecretKey);
        return http;
    }

    /// <summary>GET /go-uploader/upload_status with the key; null when there is no such task.</summary>
    public async Task<JsonElement?> UploadStatusAsync(string fileId)
    {
        using var http = KeyedClient();
        using var response = await http.GetAsync(new Uri($"go-uploader/upload_status?file_id={Uri.EscapeDataString(fileId)}", UriKind.Relative));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The chunks the server holds for a task (0 before its first).</summary>
    public async Task<int> StoredChunksAsync(string fileId) =>
        await UploadStatusAsync(fileId) is { } status ? status.GetProperty("uploaded_chunks").GetArrayLength() : 0;

    /// <summary>uploader_chunks_received_total of this server process: chunks accepted since it started.</summary>
    public async Task<long> ChunksReceivedAsync()
    {
        using var http = KeyedClient();
        var text = await http.GetStringAsync(new Uri("go-uploader/metrics", UriKind.Relative));
        const string Name = "uploader_chunks_received_total";
        var line = text.Split('\n').Single(l => l.StartsWith(Name + " ", StringComparison.Ordinal) || l.StartsWith(Name + "{", StringComparison.Ordinal));
        return (long)double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>POST upload_chunk with the key: one chunk of a task a test sets up beside the page.</summary>
    public async Task UploadChunkAsync(string fileId, int index, int totalChunks, long fileSize, byte[] chunk, string fileName, long chunkSize)
    {
        using var http = KeyedClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(fileId), "file_id" },
            { new StringContent(index.ToString(System.Globalization.CultureInfo.InvariantCulture)), "chunk_index" },
            { new StringContent(totalChunks.ToString(System.Globalization.CultureInfo.InvariantCulture)), "total_chunks" },
            { new StringContent(fileSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), "file_size" },
            { new StringContent(chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture)), "chunk_size" },
            { new ByteArrayContent(chunk), "chunk", fileName },
        };
        using var response = await http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends a request with the key, for what a test sets up or checks beside the page.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? json = null)
    {
        using var http = KeyedClient();
        using var request = new HttpRequestMessage(method, new Uri("go-uploader/" + path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>GET /go-uploader/tasks/{file_id} with the key: the server's own record of a task.</summary>
    public async Task<JsonElement> TaskAsync(string fileId)
    {
        using var http = KeyedClient();
        return await http.GetFromJsonAsync<JsonElement>(new Uri($"go-uploader/tasks/{Uri.EscapeDataString(fileId)}", UriKind.Relative));
    }

    /// <summary>Runs steps against this server; a failure is rethrown with the server's output.</summary>
    public Task ExplainFailuresAsync(Func<Task> steps) => _process!.ExplainFailuresAsync(steps);

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>xunit calls both DisposeAsync and Dispose on a fixture: the second call finds nothing left.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        _process?.Dispose();
        _process = null;
        _folder.Dispose();
    }
}
