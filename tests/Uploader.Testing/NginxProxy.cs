using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Uploader.Testing;

/// <summary>
/// nginx as a reverse proxy in front of a server under test, run from a temp folder with its own config on a free
/// loopback port, as a load balancer would stand in front of it (<c>proxy_read_timeout</c> and all). nginx is
/// installed with apt-get when missing (the tests run as root, as benchmarks/run.sh does). It forwards the client's
/// address and scheme (X-Forwarded-For, X-Forwarded-Proto) and Host, which a server believes only when its
/// trusted_proxies names 127.0.0.1. Dispose stops it and removes the folder, whatever the test did.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lock InstallGate = new();
    private static readonly string[] Binaries = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"];
    private static readonly string[] Folders = ["logs", "body", "proxy", "fastcgi", "uwsgi", "scgi"];

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

    /// <summary>nginx's access log so far: one line per request with its status (a cut request shows as 504).</summary>
    public string AccessLog => ReadShared(_folder.Combine("logs", "access.log"));

    public string ErrorLog => ReadShared(_folder.Combine("logs", "error.log"));

    /// <param name="upstream">The server's root, http://127.0.0.1:PORT/.</param>
    /// <param name="readTimeout">nginx's proxy_read_timeout: how long it waits between two reads of the answer (whole milliseconds).</param>
    public static async Task<NginxProxy> StartAsync(Uri upstream, TimeSpan readTimeout)
    {
        ArgumentNullException.ThrowIfNull(upstream);
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
            await File.WriteAllTextAsync(config, Config(folder, port, upstream, readTimeout));
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
            if (!_process.HasExited)
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

    private static string Config(TempFolder folder, int port, Uri upstream, TimeSpan readTimeout) => $$"""
        worker_processes 1;
        user {{Environment.UserName}};
        pid {{folder.Combine("nginx.pid")}};
        events { worker_connections 256; }
        http {
          access_log {{folder.Combine("logs", "access.log")}};
          client_body_temp_path {{folder.Combine("body")}};
          proxy_temp_path {{folder.Combine("proxy")}};
          fastcgi_temp_path {{folder.Combine("fastcgi")}};
          uwsgi_temp_path {{folder.Combine("uwsgi")}};
          scgi_temp_path {{folder.Combine("scgi")}};
          server {
            listen 127.0.0.1:{{port}};
            client_max_body_size 0;
            location / {
              proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Host $http_host;
              proxy_set_header X-Forwarded-For $remote_addr;
              proxy_set_header X-Forwarded-Proto $scheme;
              proxy_request_buffering off;
              proxy_next_upstream off;
              proxy_read_timeout {{((long)readTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}}ms;
            }
          }
        }
        """;

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
