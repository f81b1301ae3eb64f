using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Uploader.Testing;

/// <summary>
/// Ceph's S3 gateway (radosgw, Debian's packages) over a one-node cluster whose OSD keeps its data in memory,
/// on free loopback ports: the S3 semantics s3rver lacks (Content-MD5 checks, the 5 MiB part rule, Abort,
/// ListParts, UploadPartCopy, signature checks). The packages are installed with apt-get when missing (the tests
/// run as root). ceph-rgw-launcher.sh builds the cluster and tears it down, folder included, as soon as this
/// process stops holding its stdin, so a test run that dies leaves no daemon behind. Start-up takes ~15 s.
/// </summary>
public sealed partial class CephRgwServer : IDisposable
{
    public const string AccessKey = "RGWTESTS";

    public const string SecretKey = "rgw-tests-secret";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private static readonly Lock InstallGate = new();
    private static readonly string[] Binaries = ["/usr/bin/ceph-mon", "/usr/bin/ceph-osd", "/usr/bin/radosgw", "/usr/bin/radosgw-admin", "/usr/bin/monmaptool", "/usr/bin/ceph-authtool", "/usr/bin/ceph"];
    private static readonly string[] Packages = ["ceph-mon", "ceph-osd", "radosgw", "ceph-common", "curl"];

    private readonly Process _process;
    private readonly TempFolder _folder;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CephRgwServer(Process process, TempFolder folder)
    {
        _process = process;
        _folder = folder;
    }

    /// <summary>The endpoint for the SDK's ServiceURL, path-style.</summary>
    public Uri ServiceUrl { get; private set; } = new("http://127.0.0.1/");

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

    public static async Task<CephRgwServer> StartAsync()
    {
        Install();

        var folder = new TempFolder();
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var ports = new[] { ServerProcess.FreePort(), ServerProcess.FreePort() };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "ceph-rgw-launcher.sh"), folder.Path,
            ports[0].ToString(CultureInfo.InvariantCulture), ports[1].ToString(CultureInfo.InvariantCulture), AccessKey, SecretKey,
        })
        {
            start.ArgumentList.Add(arg);
        }

        var server = new CephRgwServer(new Process { StartInfo = start, EnableRaisingEvents = true }, folder);
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public string Explain() => $"--- ceph-rgw output ---\n{Output}--- end of ceph-rgw output ---";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(StopTimeout))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(StopTimeout);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started: only the folder is left to remove.
        }
        finally
        {
            _process.Dispose();
            _folder.Dispose();
        }
    }

    private async Task StartProcessAsync()
    {
        _process.OutputDataReceived += (_, line) => Append("out", line.Data);
        _process.ErrorDataReceived += (_, line) => Append("err", line.Data);
        _process.Exited += (_, _) => _port.TrySetException(new InvalidOperationException("the launcher exited before radosgw answered."));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var cancel = new CancellationTokenSource(StartupTimeout);
        try
        {
            var port = await _port.Task.WaitAsync(cancel.Token);
            ServiceUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            if (_process.HasExited)
            {
                // Exited is raised before the last output lines are read; the parameterless wait drains them.
                _process.WaitForExit();
            }

            throw new InvalidOperationException($"radosgw did not start: {ex.Message}\n{Explain()}", ex);
        }
    }

    private static void Install()
    {
        lock (InstallGate)
        {
            if (Array.TrueForAll(Binaries, File.Exists))
            {
                return;
            }

            Run("apt-get", "update", "-qq");
            var (code, output) = Run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", .. Packages]);
            if (!Array.TrueForAll(Binaries, File.Exists))
            {
                throw new InvalidOperationException($"Ceph is not installed and apt-get could not install it ({code}): {output}");
            }
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        if (stream == "out" && ListeningLine().Match(line) is { Success: true } listening)
        {
            _port.TrySetResult(int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        lock (_output)
        {
            _output.Append(stream).Append(": ").AppendLine(line);
        }
    }

    [GeneratedRegex(@"^ceph-rgw-launcher: listening on port (\d+)$")]
    private static partial Regex ListeningLine();
}
