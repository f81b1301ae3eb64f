using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>
/// The built server as a child process in a temp folder of its own, on a free port of 127.0.0.1, started from
/// <see cref="TestConfig"/> and live. Dispose kills the process, then removes the folder, whether the test passed or not.
/// </summary>
internal sealed class ProcessServer : IDisposable
{
    /// <summary>How long a start (or a restart) may take before the fixture gives up.</summary>
    internal static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private ProcessServer(TempFolder folder, int port, string configPath, ServerProcess process)
    {
        Folder = folder;
        Port = port;
        ConfigPath = configPath;
        Process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public TempFolder Folder { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string ConfigPath { get; }

    /// <summary>What the server stored, in its folders or its bucket.</summary>
    public StoredFiles Stored => StoredFiles.Of(ConfigPath);

    public ServerProcess Process { get; }

    /// <param name="configure">Changes to the test config; port and listen_address are already set.</param>
    /// <param name="umask">Passed to <see cref="ServerProcess.Start"/>.</param>
    /// <param name="prepare">
    /// Runs on the folder before the server starts (folders the operator made) and returns the variables the server
    /// gets on top of the test run's, or null for none.
    /// </param>
    public static async Task<ProcessServer> StartAsync(
        Action<JsonObject>? configure = null,
        string? umask = null,
        Func<TempFolder, IReadOnlyDictionary<string, string>?>? prepare = null)
    {
        var folder = new TempFolder();
        ServerProcess? process = null;
        try
        {
            var port = ServerProcess.FreePort();
            var configPath = TestConfig.WriteInto(folder, config =>
            {
                config["port"] = port;
                config["listen_address"] = "127.0.0.1";
                configure?.Invoke(config);
            });
            var environment = prepare?.Invoke(folder);
            process = ServerProcess.Start(configPath, umask, environment);
            var server = new ProcessServer(folder, port, configPath, process);
            await process.ExplainFailuresAsync(() => process.WaitUntilLiveAsync(server.BaseAddress, Startup));
            return server;
        }
        catch
        {
            process?.Dispose();
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Another server process on this folder and config, live, for a restart after <see cref="Process"/> was killed;
    /// the caller disposes it before this server.
    /// </summary>
    public async Task<ServerProcess> StartAgainAsync()
    {
        var again = ServerProcess.Start(ConfigPath);
        try
        {
            await again.ExplainFailuresAsync(() => again.WaitUntilLiveAsync(BaseAddress, Startup));
            return again;
        }
        catch
        {
            again.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Another instance on this server's folders and database, as a second instance behind a load balancer would be:
    /// its own config beside this one's (the same keys, its own port, so its own default instance_id), live. The caller
    /// disposes it before this server.
    /// </summary>
    /// <param name="name">Names its config file (config-NAME.json).</param>
    public async Task<SiblingServer> StartSiblingAsync(string name)
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ConfigPath))!.AsObject();
        var port = ServerProcess.FreePort();
        config["port"] = port;
        var path = Folder.Combine($"config-{name}.json");
        TestConfig.Write(path, config);
        var sibling = new SiblingServer(ServerProcess.Start(path), new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await sibling.Process.ExplainFailuresAsync(() => sibling.Process.WaitUntilLiveAsync(sibling.BaseAddress, Startup));
            return sibling;
        }
        catch
        {
            sibling.Dispose();
            throw;
        }
    }

    /// <summary>A client that sends the test key, with <paramref name="timeout"/> per request.</summary>
    public UploaderApi Api(TimeSpan timeout) => UploaderApi.ForProcess(BaseAddress, timeout);

    /// <inheritdoc cref="ServerProcess.ExplainFailuresAsync"/>
    public Task ExplainFailuresAsync(Func<Task> steps) => Process.ExplainFailuresAsync(steps);

    public void Dispose()
    {
        try
        {
            Process.Dispose();
        }
        finally
        {
            Folder.Dispose();
        }
    }
}
