using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uploader.Api.Health;

namespace Uploader.Client.Tests.Server;

/// <summary>
/// The real server in-process on a real Kestrel loopback port, with its own config.json, SQLite file and folders in a
/// temp folder deleted on dispose, and <see cref="Faults"/> in front of its pipeline. Started by the constructor, so
/// it works as an xunit class fixture; call <see cref="FaultInjector.Clear"/> at the start of each test.
/// </summary>
public sealed class KestrelUploaderServer : WebApplicationFactory<Program>
{
    public const string SecretKey = "client-tests-secret-key-0123456789";

    private readonly TempFolder _folder = new();
    private readonly List<HttpClient> _clients = [];

    private readonly Action<IServiceCollection>? _services;

    public KestrelUploaderServer()
        : this(null)
    {
    }

    private KestrelUploaderServer(Action<IServiceCollection>? services)
    {
        _services = services;
        ConfigPath = ServerConfig.WriteInto(_folder, FreePort.Next(), SecretKey);
        UseKestrel();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    /// <summary>A server whose services are replaced after its own and the fault injector's (xunit's fixture takes the other constructor).</summary>
    public static KestrelUploaderServer With(Action<IServiceCollection> services) => new(services);

    /// <summary>The server root (http://127.0.0.1:PORT/), without the base path.</summary>
    public Uri BaseAddress { get; }

    public string ConfigPath { get; }

    public string UploadDir => _folder.Combine("upload");

    public string MergedDir => _folder.Combine("merged");

    public FaultInjector Faults { get; } = new();

    /// <summary>Client options for this server with the key and retry delays small enough for tests.</summary>
    public UploaderClientOptions NewClientOptions() => new()
    {
        BaseAddress = BaseAddress,
        ApiKey = SecretKey,
        RetryMaxAttempts = 3,
        RetryInitialDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A client over a real socket to this server; its HttpClient is disposed with the server.</summary>
    public UploaderClient NewClient(Action<UploaderClientOptions>? configure = null) => NewClient(configure, LocalFileReader.Default);

    /// <summary>The same, reading local files through <paramref name="files"/>.</summary>
    internal UploaderClient NewClient(Action<UploaderClientOptions>? configure, LocalFileReader files)
    {
        var options = NewClientOptions();
        configure?.Invoke(options);
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        lock (_clients)
        {
            _clients.Add(http);
        }

        return new UploaderClient(http, options, files);
    }

    /// <summary>Where the server put a merged file, from its path relative to merged_dir.</summary>
    public string MergedFile(string relativePath) => Path.Combine(MergedDir, relativePath.Replace('/', Path.DirectorySeparatorChar));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("config", ConfigPath);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new FaultInjectionStartupFilter(Faults));

            // Tests of one fixture follow each other within a second: one that breaks a folder must not get the report before.
            services.AddSingleton(provider => new HealthReportCache(provider.GetRequiredService<HealthCheckService>(), new SecondPerReading()));
            _services?.Invoke(services);
        });
    }

    /// <summary>A clock a second further on at every reading, so that no health report is ever reused.</summary>
    private sealed class SecondPerReading : TimeProvider
    {
        private long _readings;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddSeconds(Interlocked.Increment(ref _readings));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_clients)
            {
                _clients.ForEach(c => c.Dispose());
            }
        }

        base.Dispose(disposing);
        if (disposing)
        {
            _folder.Dispose();
        }
    }
}
