using System.Collections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mediator;
using Serilog;
using Uploader.Api.Auth;
using Uploader.Api.Connections;
using Uploader.Api.Configuration;
using Uploader.Api.Runtime;
using Uploader.Api.Uploads;
using Uploader.Api.Logging;
using Uploader.Application.Tasks.Commands.ReconcileStorage;
using Uploader.Infrastructure;
using Uploader.Infrastructure.Persistence;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace Uploader.Api;

/// <summary>Builds the web application from config.json: the one place where the layers are wired.</summary>
public static partial class UploaderHost
{
    /// <summary>Bodies of every endpoint but upload_chunk (which raises its own limit) stay below this.</summary>
    private const long DefaultBodyLimit = 1024 * 1024;

    /// <summary>Values one merge_chunks form may have (ASP.NET's default is 1024).</summary>
    private const int MaxMergeFormValues = 64;

    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var settings = SettingsLoader.Load(
            SettingsLoader.ResolveConfigPath(builder.Configuration["config"], (IDictionary)Environment.GetEnvironmentVariables()),
            (IDictionary)Environment.GetEnvironmentVariables(),
            Console.Error);
        var (key, keyFile) = settings.EnableAuth ? SecretKeyStore.Resolve(settings) : (new ApiKey(string.Empty), null);

        builder.WebHost.UseUrls($"http://{Host(settings.ListenAddress)}:{settings.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = DefaultBodyLimit;

            // Every connection costs a file descriptor and buffers: past the cap Kestrel closes new ones at once,
            // idle ones go after keep_alive_timeout (also before their first request), and headers must arrive
            // within 10 s. upload_chunk sets its own body rate (min_upload_rate); other bodies, 1 MiB at most, must
            // average 1 KiB/s after 10 s.
            kestrel.Limits.MaxConcurrentConnections = settings.MaxConcurrentConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = settings.MaxConcurrentConnections;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(settings.KeepAliveTimeout);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: ChunkUploadFormReader.BodyGracePeriod);
            if (settings.MaxConnectionsPerClient > 0)
            {
                var perClient = new ConnectionsPerClient(
                    settings.MaxConnectionsPerClient, kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger<ConnectionsPerClient>());
                kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => connection => perClient.OnConnectionAsync(connection, next)));
            }
        });
        builder.Services.Configure<FormOptions>(form =>
        {
            // Forms are only small merge requests: keep them in memory, never in a temp folder of the OS, and refuse
            // one with more values than a merge could use (a merge has 5 fields; clients may add a few of their own).
            form.MultipartBodyLengthLimit = DefaultBodyLimit;
            form.MemoryBufferThreshold = (int)DefaultBodyLimit;
            form.ValueCountLimit = MaxMergeFormValues;
            form.ValueLengthLimit = 64 * 1024;
            form.KeyLengthLimit = 1024;
        });

        builder.Services.AddSerilog((_, logger) => logger
            .MinimumLevel.Is(LogLevels.Of(settings.LogLevel))
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)

            // EF logs every failed command as an error, including the unique-key races the store resolves by
            // design; a failure that matters reaches the request's own error log through its exception.
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", Serilog.Events.LogEventLevel.Fatal)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Update", Serilog.Events.LogEventLevel.Fatal)
            .MinimumLevel.Override(typeof(ApiKeyAuthenticationHandler).FullName!, Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("InstanceId", settings.InstanceId)
            .WriteToConsole(settings.LogFormat));

        builder.Services.AddUploaderServices(settings, key);

        var app = builder.Build();
        app.UseUploaderPipeline();

        // Settings are read before the log exists (its level and format are settings): their warnings come first now.
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Uploader");
        WarnAboutUnknownKeys(log, settings.UnknownKeys);
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        await ReconcileStorageAsync(app.Services, log);

        var store = TaskStoreLocation.Describe(settings.DatabaseProvider, settings.Database);
        var bucket = settings.ToS3Settings()?.Describe();
        LogStarted(log, settings.ConfigPath, bucket ?? settings.UploadDir, bucket ?? settings.MergedDir, store);
        WarnIfFileLimitIsLow(log, settings.MaxConcurrentConnections);
        if (settings.EnableAuth && keyFile is not null)
        {
            LogKeyFile(log, keyFile);
        }
        else if (!settings.EnableAuth)
        {
            LogAuthDisabled(log);
        }

        return app;
    }

    /// <summary>
    /// Repairs what a crash left before the first request. A store that cannot be read now does not keep the
    /// server down: health reports the folder, and the periodic sweep removes leftovers once it can.
    /// </summary>
    private static async Task ReconcileStorageAsync(IServiceProvider services, ILogger log)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileStorageCommand());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogReconciliationFailed(log, ex);
        }
    }

    /// <summary>
    /// Each connection is a file descriptor: when max_concurrent_connections plus what the server itself keeps open
    /// (database, chunk files, logs) exceeds the soft RLIMIT_NOFILE, a flood ends in "too many open files" instead
    /// of refused connections. The operator raises LimitNOFILE= (see docs/operations.md) or lowers the key.
    /// </summary>
    private static void WarnIfFileLimitIsLow(ILogger log, int maxConnections)
    {
        const int Reserve = 256;
        if (OpenFileLimit.Soft() is { } limit && (ulong)maxConnections + Reserve > limit)
        {
            LogFileLimitLow(log, maxConnections, Reserve, limit);
        }
    }

    private static void WarnAboutUnknownKeys(ILogger log, IEnumerable<UnknownConfigKey> keys)
    {
        foreach (var (key, nearest, supported) in keys)
        {
            if (nearest is null)
            {
                LogUnknownKey(log, key);
            }
            else if (nearest == key)
            {
                LogKeyNotSupportedYet(log, key);
            }
            else if (supported)
            {
                LogUnknownKeyNear(log, key, nearest);
            }
            else
            {
                LogUnknownKeyNearUnsupported(log, key, nearest);
            }
        }
    }

    private static string Host(string address) => address switch
    {
        "0.0.0.0" => "*",
        _ when address.Contains(':', StringComparison.Ordinal) => $"[{address}]",
        _ => address,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Config {ConfigPath}; chunks in {UploadDir}, merged files in {MergedDir}, tasks in {Database}")]
    private static partial void LogStarted(ILogger logger, string configPath, string uploadDir, string mergedDir, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key is kept in {KeyFile} (mode 0600); send it as X-Secret-Key or Authorization: Bearer")]
    private static partial void LogKeyFile(ILogger logger, string keyFile);

    [LoggerMessage(Level = LogLevel.Error, Message = "Start-up reconciliation of the stores failed; starting anyway")]
    private static partial void LogReconciliationFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "max_concurrent_connections {MaxConnections} + {Reserve} for the server's own files exceeds the open-file limit (soft RLIMIT_NOFILE) {Limit}; raise LimitNOFILE or lower max_concurrent_connections")]
    private static partial void LogFileLimitLow(ILogger logger, int maxConnections, int reserve, ulong limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config key '{Key}' is not known and is ignored")]
    private static partial void LogUnknownKey(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config key '{Key}' is not known and is ignored; did you mean '{Nearest}'?")]
    private static partial void LogUnknownKeyNear(ILogger logger, string key, string nearest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config key '{Key}' is not known and is ignored; did you mean '{Nearest}'? This version does not support that key yet")]
    private static partial void LogUnknownKeyNearUnsupported(ILogger logger, string key, string nearest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config key '{Key}' is in the contract's v2 list but not supported by this version; it is ignored")]
    private static partial void LogKeyNotSupportedYet(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "enable_auth is false: every endpoint is open without a key")]
    private static partial void LogAuthDisabled(ILogger logger);
}
