using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uploader.Browser.Tests;

/// <summary>
/// The built server as its own process on a loopback port, everything it writes inside one temp folder: what a
/// browser test points Chromium at (a class fixture; tests in a class share it). Disposing stops the server and
/// removes the folder.
/// </summary>
public sealed class LiveServer : IAsyncLifetime, IDisposable
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
        var configPath = _folder.Combine("config.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString());
        _process = ServerProcess.Start(configPath);
        await _process.WaitUntilLiveAsync(BaseAddress, Startup);
    }

    /// <summary>GET /go-uploader/tasks/{file_id} with the key: the server's own record of a task.</summary>
    public async Task<JsonElement> TaskAsync(string fileId)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Add("X-Secret-Key", SecretKey);
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
        _process?.Dispose();
        _process = null;
        _folder.Dispose();
    }
}
