using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Uploader.Testing;

/// <summary>
/// Several Uploader processes on free loopback ports sharing one database and one <c>upload_dir</c>/<c>merged_dir</c>
/// (the shared volume), each with its own instance_id, behind nginx balancing round robin (nginx-balancer.conf):
/// the topology of docs/scale-out.md on one machine. Dispose stops every process it started and removes its folder,
/// whatever the test did; so does the end of the test run, for a rig a crashed test never disposed.
/// </summary>
public sealed class ClusterRig : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly ConcurrentDictionary<ClusterRig, byte> Running = new();

    private readonly TempFolder _folder;
    private NginxProxy? _proxy;
    private int _disposed;

    private static int _exitHook;

    private ClusterRig(TempFolder folder, ClusterOptions options, IReadOnlyList<ClusterInstance> instances)
    {
        _folder = folder;
        Options = options;
        Instances = instances;
    }

    public ClusterOptions Options { get; }

    public IReadOnlyList<ClusterInstance> Instances { get; }

    /// <summary>The balancer's root: what clients use.</summary>
    public Uri BaseAddress => Proxy.BaseAddress;

    public NginxProxy Proxy => _proxy ?? throw new InvalidOperationException("The balancer is not started.");

    /// <summary>The rig's folder; every process it starts has it on its command line.</summary>
    public string Folder => _folder.Path;

    /// <summary>The shared upload_dir.</summary>
    public string UploadDir => _folder.Combine("upload");

    /// <summary>The shared merged_dir.</summary>
    public string MergedDir => _folder.Combine("merged");

    /// <summary>Starts every instance at once (they migrate the shared database together), waits until all are live, then nginx.</summary>
    public static async Task<ClusterRig> StartAsync(ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Instances < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "A rig has at least one instance.");
        }

        if (Interlocked.Exchange(ref _exitHook, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeRunning();
        }

        var folder = new TempFolder();
        var instances = Enumerable.Range(1, options.Instances).Select(n => NewInstance(folder, options, n)).ToList();
        var rig = new ClusterRig(folder, options, instances);
        Running.TryAdd(rig, 0);
        try
        {
            foreach (var instance in instances)
            {
                instance.Start();
            }

            await rig.ExplainFailuresAsync(async () =>
            {
                await Task.WhenAll(instances.Select(i => i.WaitUntilLiveAsync()));
                rig._proxy = await NginxProxy.StartAsync([.. instances.Select(i => i.BaseAddress)], options.ReadTimeout);
            });
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An HttpClient to the balancer without a key, <paramref name="timeout"/> per request, connecting from
    /// <paramref name="source"/> (a 127.x address: another client to nginx) or else from 127.0.0.1.
    /// </summary>
    public HttpClient BalancerClient(TimeSpan timeout, System.Net.IPAddress? source = null) =>
        new(source is null ? new SocketsHttpHandler() : SourceAddress.Handler(source)) { BaseAddress = BaseAddress, Timeout = timeout };

    /// <summary>Instance <paramref name="number"/> (from 1, as in the upstream list).</summary>
    public ClusterInstance Instance(int number) => Instances[number - 1];

    /// <summary>Every instance's <paramref name="metric"/>, in instance order.</summary>
    public async Task<double[]> MetricAsync(string metric) => await Task.WhenAll(Instances.Select(i => i.MetricAsync(metric)));

    /// <summary>Runs steps against the rig; any failure is rethrown with every process's output and nginx's logs.</summary>
    public async Task ExplainFailuresAsync(Func<Task> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            await steps();
        }
        catch (Exception ex)
        {
            throw new XunitException($"{ex.Message}\n{Explain()}", ex);
        }
    }

    /// <summary>Every instance's output, then nginx's error log and the end of its access log.</summary>
    public string Explain()
    {
        var text = new StringBuilder();
        foreach (var instance in Instances)
        {
            text.Append(instance.Explain());
        }

        if (_proxy is { } proxy)
        {
            var access = proxy.AccessLog.Split('\n');
            text.Append("--- nginx error log ---\n").Append(proxy.ErrorLog)
                .Append("--- nginx access log (last 40 lines) ---\n").AppendJoin('\n', access.TakeLast(40));
        }

        return text.Append("\n--- end of rig output ---").ToString();
    }

    /// <summary>
    /// Processes whose command line contains <paramref name="text"/> (pgrep -f), e.g. <see cref="Folder"/>:
    /// after Dispose there must be none.
    /// </summary>
    public static IReadOnlyList<int> ProcessesNaming(string text)
    {
        var start = new ProcessStartInfo("pgrep") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(text);
        using var pgrep = Process.Start(start) ?? throw new InvalidOperationException("pgrep did not start.");
        var output = pgrep.StandardOutput.ReadToEnd();
        var errors = pgrep.StandardError.ReadToEnd();
        pgrep.WaitForExit();

        // pgrep answers 1 when nothing matched; anything above is its own failure.
        if (pgrep.ExitCode > 1)
        {
            throw new InvalidOperationException($"pgrep failed with {pgrep.ExitCode}: {errors}");
        }

        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var instance in Instances)
            {
                instance.Dispose();
            }
        }
        finally
        {
            try
            {
                _proxy?.Dispose();
            }
            finally
            {
                _folder.Dispose();
                Running.TryRemove(this, out _);
            }
        }
    }

    private static void DisposeRunning()
    {
        foreach (var rig in Running.Keys)
        {
            rig.Dispose();
        }
    }

    private static ClusterInstance NewInstance(TempFolder folder, ClusterOptions options, int number)
    {
        var instanceId = $"rig-{number.ToString(CultureInfo.InvariantCulture)}";
        var port = ServerProcess.FreePort();
        var config = new JsonObject
        {
            ["port"] = port,
            ["listen_address"] = "127.0.0.1",
            ["instance_id"] = instanceId,
            ["upload_dir"] = folder.Combine("upload"),
            ["merged_dir"] = folder.Combine("merged"),
            ["database_provider"] = options.Database.Provider,
            ["database"] = options.Database.Connection ?? folder.Combine("data", "uploader.db"),
            ["secret_key"] = options.SecretKey,
            ["enable_auth"] = true,

            // nginx connects from 127.0.0.1: its X-Forwarded-For names the client, and the connections are its own
            // (docs/operations.md, behind a reverse proxy).
            ["trusted_proxies"] = new JsonArray("127.0.0.1"),
            ["max_connections_per_client"] = 0,
            ["log_level"] = "warn",
            ["min_free_disk_bytes"] = 0,
            ["retry_initial_delay"] = 10,
        };
        options.Configure?.Invoke(number, config);
        var configPath = folder.Combine($"instance-{number.ToString(CultureInfo.InvariantCulture)}", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
        File.WriteAllText(configPath, config.ToJsonString(Indented));
        return new ClusterInstance(number, instanceId, port, configPath, options.SecretKey);
    }
}
