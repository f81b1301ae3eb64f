using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Sdk;

namespace Uploader.Testing;

/// <summary>
/// The built server as a child process: `dotnet Uploader.Api.dll --config PATH`, started from the test's output
/// folder, with its stdout and stderr captured for failure messages. Dispose kills it (with its process tree).
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The server's process id, for reading its figures from /proc.</summary>
    public int Id => _process.Id;

    /// <summary>The server's resident memory in KiB (VmRSS of /proc/PID/status), or -1 where /proc has none.</summary>
    public long ResidentKiB()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return -1;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <param name="configPath">The config.json the server reads.</param>
    /// <param name="umask">
    /// An octal umask for the server (through <c>sh</c>, which then execs it, so the process is still the server's),
    /// instead of the test run's own; null keeps the inherited one.
    /// </param>
    /// <param name="environment">Variables set for the server on top of the test run's, after its UPLOADER_* are removed.</param>
    public static ServerProcess Start(string configPath, string? umask = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(umask is null ? DotnetHost() : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        if (umask is not null)
        {
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add($"umask {umask} && exec \"$0\" \"$@\"");
            startInfo.ArgumentList.Add(DotnetHost());
        }

        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Uploader.Api.dll"));
        startInfo.ArgumentList.Add("--config");
        startInfo.ArgumentList.Add(configPath);

        // Only config.json configures the child: no UPLOADER_* or URL variable inherited from the test run.
        foreach (var name in startInfo.Environment.Keys.Where(InheritedSetting).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, line) => server.Append("out", line.Data);
        process.ErrorDataReceived += (_, line) => server.Append("err", line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>A TCP port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Polls the live probe until it answers 200; fails early if the process exits.</summary>
    public async Task WaitUntilLiveAsync(Uri baseAddress, TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        var lastAnswer = "no answer yet";
        while (waited.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new XunitException($"The server exited with {_process.ExitCode} before answering.");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("go-uploader/health/live", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastAnswer = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                lastAnswer = ex.Message;
            }

            await Task.Delay(ProbeInterval);
        }

        throw new XunitException($"The server did not answer the live probe within {timeout} (last: {lastAnswer}).");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"The server did not exit within {timeout}.");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL on Unix: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>
    /// SIGKILL to the server process alone, without first walking its process tree (which takes milliseconds):
    /// for kills that must land within a short window. The server starts no child processes.
    /// </summary>
    public void KillAtOnce()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>The captured output, for assertion messages.</summary>
    public string Explain() => $"--- server output ---\n{Output}--- end of server output ---";

    /// <summary>Runs steps against this server; any failure is rethrown with the server's output appended.</summary>
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

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static bool InheritedSetting(string name) =>
        name.StartsWith("UPLOADER_", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_URLS", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_HTTP_PORTS", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("_HTTPS_PORTS", StringComparison.OrdinalIgnoreCase);

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(stream).Append(": ").AppendLine(line);
        }
    }
}
