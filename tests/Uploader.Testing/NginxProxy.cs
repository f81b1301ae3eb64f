using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Uploader.Testing;

/// <summary>
/// nginx as a reverse proxy in front of one server under test, or as the round-robin load balancer in front of
/// several (docs/scale-out.md), run from a temp folder with the config of nginx-balancer.conf on a free loopback
/// port, as a load balancer would stand in front of them (<c>proxy_read_timeout</c> and all). nginx is
/// installed with apt-get when missing (the tests run as root, as benchmarks/run.sh does). Dispose stops it and
/// removes the folder, whatever the test did. The client's address and scheme go along as X-Forwarded-For and
/// X-Forwarded-Proto, which a server believes only when its trusted_proxies names 127.0.0.1.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lock InstallGate = new();
    private static readonly string[] Binaries = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"];
    private static readonly string[] Folders = ["logs", "body", "proxy", "fastcgi", "uwsgi", "scgi"];
    private const string ConfigResource = "nginx-balancer.conf";

    private readonly TempFolder _folder;
    private readonly Process _process;

    private NginxProxy(TempFolder folder, Process process, int port)
    {
        _folder = folder;
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The proxy's root, to be used in place of the upstream's.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The folder nginx runs in (its <c>-p</c>), which its command line names.</summary>
    public string Folder => _folder.Path;

    /// <summary>
    /// nginx's access log so far: one line per request with its status (a cut request shows as 504) and, after
    /// <c>upstream=</c>, the instance (or instances, when one was tried and left out) that answered.
    /// </summary>
    public string AccessLog => ReadShared(_folder.Combine("logs", "access.log"));

    public string ErrorLog => ReadShared(_folder.Combine("logs", "error.log"));

    /// <param name="upstream">The server's root, http://127.0.0.1:PORT/.</param>
    /// <param name="readTimeout">nginx's proxy_read_timeout: how long it waits between two reads of the answer (whole milliseconds).</param>
    public static Task<NginxProxy> StartAsync(Uri upstream, TimeSpan readTimeout) => StartAsync([upstream], readTimeout);

    /// <summary>nginx balancing round robin over <paramref name="upstreams"/>, with the config in nginx-balancer.conf.</summary>
    /// <param name="upstreams">Each instance's root, http://127.0.0.1:PORT/.</param>
    /// <param name="readTimeout">nginx's proxy_read_timeout: how long it waits between two reads of the answer (whole milliseconds).</param>
    public static async Task<NginxProxy> StartAsync(IReadOnlyList<Uri> upstreams, TimeSpan readTimeout)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        if (upstreams.Count == 0)
        {
            throw new ArgumentException("nginx needs at least one upstream.", nameof(upstreams));
        }

        var nginx = Installed();
        var folder = new TempFolder();
        try
        {
            foreach (var sub in Folders)
            {
                Directory.CreateDirectory(folder.Combine(sub));
            }

            var port = FreePort();
            var config = folder.Combine("nginx.conf");
            await File.WriteAllTextAsync(config, RenderConfig(Environment.UserName, $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", upstreams, readTimeout));
            var start = new ProcessStartInfo(nginx)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "-p", folder.Path, "-c", config, "-e", folder.Combine("logs", "error.log"), "-g", "daemon off;" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
            var proxy = new NginxProxy(folder, process, port);
            try
            {
                await proxy.WaitUntilListeningAsync(port);
                return proxy;
            }
            catch
            {
                proxy.Dispose();
                throw;
            }
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            // SIGTERM is nginx's fast shutdown: the master exits only once its workers have, so when it is gone
            // nothing of nginx runs. A SIGKILL of the tree would return while the killed workers still linger.
            if (!_process.HasExited && (Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)) != 0 || !_process.WaitForExit(10_000)))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            _folder.Dispose();
        }
    }

    /// <summary>nginx-balancer.conf (embedded in this assembly) with its @NAME@ words filled in.</summary>
    /// <param name="user">The workers' user (nginx's <c>user</c>).</param>
    /// <param name="listen">Where nginx listens, ADDRESS:PORT.</param>
    /// <param name="upstreams">Each instance's root, http://ADDRESS:PORT/.</param>
    /// <param name="readTimeout">nginx's proxy_read_timeout (whole milliseconds, or whole seconds when it is some).</param>
    public static string RenderConfig(string user, string listen, IReadOnlyList<Uri> upstreams, TimeSpan readTimeout)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        using var stream = typeof(NginxProxy).Assembly.GetManifestResourceStream(ConfigResource)
            ?? throw new InvalidOperationException($"{ConfigResource} is not embedded in {typeof(NginxProxy).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var servers = upstreams.Select(u => $"    server {u.Authority} max_fails=1 fail_timeout=2s;");
        var timeout = readTimeout.Milliseconds == 0
            ? $"{((long)readTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s"
            : $"{((long)readTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms";
        return reader.ReadToEnd()
            .Replace("@USER@", user, StringComparison.Ordinal)
            .Replace("@SERVERS@", string.Join('\n', servers), StringComparison.Ordinal)
            .Replace("@LISTEN@", listen, StringComparison.Ordinal)
            .Replace("@READ_TIMEOUT@", timeout, StringComparison.Ordinal);
    }

    /// <summary>The nginx binary, installed from Debian's packages first when there is none.</summary>
    private static string Installed()
    {
        lock (InstallGate)
        {
            if (Find() is { } found)
            {
                return found;
            }

            // nginx-light is not served by every Debian release; nginx carries the same proxy module.
            Run("apt-get", "update", "-qq");
            if (Run("apt-get", "install", "-y", "-qq", "nginx-light") != 0)
            {
                Run("apt-get", "install", "-y", "-qq", "nginx");
            }

            return Find() ?? throw new InvalidOperationException("nginx is not installed and apt-get could not install it.");
        }
    }

    private static string? Find() => Array.Find(Binaries, File.Exists);

    private static int Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {ErrorLog}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < StartupTimeout)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
