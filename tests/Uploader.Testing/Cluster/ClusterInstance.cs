using System.Globalization;
using Xunit.Sdk;

namespace Uploader.Testing;

/// <summary>
/// One Uploader process of a <see cref="ClusterRig"/>: its own port, config and instance_id, the rig's database and
/// folders. It can be SIGKILLed and started again on the same port and config while the others keep running.
/// </summary>
public sealed class ClusterInstance : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    private readonly string _secretKey;
    private readonly List<ServerProcess> _stopped = [];
    private ServerProcess? _process;

    internal ClusterInstance(int number, string instanceId, int port, string configPath, string secretKey)
    {
        Number = number;
        InstanceId = instanceId;
        Port = port;
        ConfigPath = configPath;
        _secretKey = secretKey;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>1, 2, 3: the order of the balancer's upstream list.</summary>
    public int Number { get; }

    public string InstanceId { get; }

    public int Port { get; }

    /// <summary>The instance itself, not the balancer: for requests that must reach this one.</summary>
    public Uri BaseAddress { get; }

    public string ConfigPath { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The running process (the latest after a restart).</summary>
    public ServerProcess Process => _process ?? throw new InvalidOperationException($"{InstanceId} was never started.");

    /// <summary>Starts the process; <see cref="WaitUntilLiveAsync"/> waits for it.</summary>
    internal void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{InstanceId} is running already.");
        }

        if (_process is not null)
        {
            _stopped.Add(_process);
        }

        _process = ServerProcess.Start(ConfigPath);
    }

    internal Task WaitUntilLiveAsync() => Process.WaitUntilLiveAsync(BaseAddress, Startup);

    /// <summary>SIGKILL, no shutdown code runs: requests in flight on it are cut, as when its machine dies.</summary>
    public void Kill() => Process.KillAtOnce();

    /// <summary>Starts the instance again after <see cref="Kill"/>, on the same port and config, and waits until it is live.</summary>
    public async Task RestartAsync()
    {
        Start();
        await Process.ExplainFailuresAsync(WaitUntilLiveAsync);
    }

    /// <summary>The sum of a metric's samples (all label sets) on this instance's own /metrics.</summary>
    public async Task<double> MetricAsync(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("go-uploader/metrics", UriKind.Relative));
        request.Headers.Add("X-Secret-Key", _secretKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new XunitException($"{InstanceId} answered /metrics with {(int)response.StatusCode}: {text}");
        }

        return text.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>Everything every process of this instance wrote, the killed ones first.</summary>
    public string Explain() =>
        string.Concat(_stopped.Append(_process).OfType<ServerProcess>().Select((p, i) => $"--- {InstanceId}, process {i + 1} ---\n{p.Output}"));

    public void Dispose()
    {
        foreach (var process in _stopped.Append(_process).OfType<ServerProcess>())
        {
            process.Dispose();
        }
    }
}
