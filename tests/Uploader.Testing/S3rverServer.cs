using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Uploader.Testing;

/// <summary>
/// s3rver (npm, run by the machine's Node) as a real S3 endpoint on a free loopback port, over a temp data folder.
/// s3rver is installed once into a cache folder the tests own (not the repo tree) and reused. It is started through
/// s3rver-launcher.js, which exits and removes the data folder as soon as this process stops holding its stdin, so a
/// test run that dies without disposing leaves no node process behind. Dispose stops it and removes the folder.
/// </summary>
public sealed partial class S3rverServer : IDisposable
{
    public const string Version = "3.7.1";

    /// <summary>The one key pair s3rver knows (it checks the key id; V4 signatures it accepts unverified).</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private S3rverServer(Process process, TempFolder data)
    {
        _process = process;
        Data = data;
    }

    /// <summary>The endpoint for the SDK's ServiceURL (path-style: http://127.0.0.1:PORT/BUCKET/KEY).</summary>
    public Uri ServiceUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Where s3rver keeps its buckets; gone after Dispose.</summary>
    public TempFolder Data { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>s3rver's log so far (one line per request), for failure messages.</summary>
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

    private static readonly Lazy<Task<S3rverServer>> SharedServer = new(async () =>
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    /// <summary>The test process's one s3rver, started on first use and stopped when the process exits; each user takes its own bucket.</summary>
    public static Task<S3rverServer> SharedAsync() => SharedServer.Value;

    /// <summary><see cref="SharedAsync"/> for synchronous callers (a config file written before a server starts).</summary>
    public static S3rverServer Shared() => Task.Run(SharedAsync).GetAwaiter().GetResult();

    /// <summary>A new bucket on the shared server, for synchronous callers.</summary>
    public static string SharedBucket() => Task.Run(async () => await (await SharedAsync()).CreateBucketAsync()).GetAwaiter().GetResult();

    public static async Task<S3rverServer> StartAsync()
    {
        var modules = await NodePackages.InstalledAsync("s3rver", Version);
        var data = new TempFolder();
        var start = new ProcessStartInfo(NodePackages.Node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver makes ListObjectsV2 continuation tokens with DES, which Node 17+ (OpenSSL 3) offers only from its
        // legacy provider: without it every truncated listing answers 500 InternalError.
        foreach (var arg in new[] { "--openssl-legacy-provider", Path.Combine(AppContext.BaseDirectory, "s3rver-launcher.js"), modules, data.Path })
        {
            start.ArgumentList.Add(arg);
        }

        var server = new S3rverServer(new Process { StartInfo = start }, data);
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

    /// <summary>Creates a bucket with a fresh name (or the given one) and returns its name.</summary>
    public async Task<string> CreateBucketAsync(string? name = null)
    {
        name ??= "b" + Guid.NewGuid().ToString("N");

        // s3rver takes unsigned requests, so the fixture needs no SDK: the tests' client is the thing under test.
        using var http = new HttpClient { BaseAddress = ServiceUrl };
        using var response = await http.PutAsync(new Uri(name, UriKind.Relative), content: null);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"s3rver refused bucket {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return name;
    }

    /// <summary>
    /// Closes s3rver's stdin as the OS does when this process dies, without killing it, and waits for it to exit:
    /// the launcher's own way out, which a crashed test run relies on. Returns its exit code.
    /// </summary>
    public async Task<int> LetGoAsync()
    {
        _process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(StopTimeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public string Explain() => $"--- s3rver output ---\n{Output}--- end of s3rver output ---";

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
            // The process was never started: there is nothing to stop, only the folder to remove.
        }
        finally
        {
            _process.Dispose();
            Data.Dispose();
        }
    }

    private async Task StartProcessAsync()
    {
        _process.OutputDataReceived += (_, line) => Append("out", line.Data);
        _process.ErrorDataReceived += (_, line) => Append("err", line.Data);
        _process.Exited += (_, _) => _port.TrySetException(new InvalidOperationException("s3rver exited before listening."));
        _process.EnableRaisingEvents = true;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var cancel = new CancellationTokenSource(StartupTimeout);
        int port;
        try
        {
            port = await _port.Task.WaitAsync(cancel.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            if (_process.HasExited)
            {
                // Exited is raised before the last output lines are read; the parameterless wait drains them.
                _process.WaitForExit();
            }

            throw new InvalidOperationException($"s3rver did not start: {ex.Message}\n{Explain()}", ex);
        }

        ServiceUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        await WaitUntilAnsweringAsync(cancel.Token);
    }

    /// <summary>The launcher prints its port once listening; a ListBuckets answer then proves it serves S3.</summary>
    private async Task WaitUntilAnsweringAsync(CancellationToken cancel)
    {
        using var http = new HttpClient { BaseAddress = ServiceUrl, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/", UriKind.Relative), cancel);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (!cancel.IsCancellationRequested)
            {
                // Not answering yet.
            }

            await Task.Delay(100, cancel);
        }
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

    [GeneratedRegex(@"^s3rver-launcher: listening on port (\d+)$")]
    private static partial Regex ListeningLine();
}
