using System.Diagnostics;
using System.Text;
using Uploader.Client.Tests.Cli;
using Xunit.Sdk;

namespace Uploader.Client.Tests.Server;

/// <summary>
/// The built server as its own process, `dotnet Uploader.Api.dll --config PATH` from the test output folder, for
/// tests that must kill it the way a crash or an OOM kill would. Its stdout and stderr are kept for failure messages;
/// dispose kills it.
/// </summary>
internal sealed class UploaderServerProcess : IDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private UploaderServerProcess(Process process) => _process = process;

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

    public static UploaderServerProcess Start(string configPath)
    {
        var start = new ProcessStartInfo(CliAssembly.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Uploader.Api.dll"));
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);

        // Only config.json configures the child: no UPLOADER_* or URL variable of the test run may move its port.
        foreach (var name in start.Environment.Keys.Where(InheritedSetting).ToList())
        {
            start.Environment.Remove(name);
        }

        var process = new Process { StartInfo = start };
        var server = new UploaderServerProcess(process);
        process.OutputDataReceived += (_, line) => server.Append("out", line.Data);
        process.ErrorDataReceived += (_, line) => server.Append("err", line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls the live probe until it answers 200; fails at once if the process exits.</summary>
    public async Task WaitUntilLiveAsync(Uri baseAddress, TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        var lastAnswer = "no answer yet";
        while (waited.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new XunitException($"The server exited with {_process.ExitCode} before answering.\n{Explain()}");
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

        throw new XunitException($"The server did not answer the live probe within {timeout} (last: {lastAnswer}).\n{Explain()}");
    }

    /// <summary>SIGKILL on Unix: no shutdown code runs, open requests and unflushed writes are lost.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public string Explain() => $"--- server output ---\n{Output}--- end of server output ---";

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

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
