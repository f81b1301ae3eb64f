using Microsoft.Data.Sqlite;
using Npgsql;
using Polly;
using Polly.Retry;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Resilience;

/// <summary>
/// Retries for faults that pass by themselves: a busy or locked SQLite database, what Npgsql calls transient
/// (a dropped connection, a deadlock or serialization failure that rolled the whole transaction back, a server
/// starting or out of connections), a transient I/O error. Never for a full disk, a missing file, a refused
/// permission or anything the request got wrong.
/// </summary>
public sealed class ResiliencePipelines
{
    public ResiliencePipelines(RetrySettings settings)
    {
        Database = Build(settings, ex => ex is SqliteException { SqliteErrorCode: 5 or 6 } or NpgsqlException { IsTransient: true });
        Storage = Build(settings, IsTransientIo);
    }

    public ResiliencePipeline Database { get; }

    public ResiliencePipeline Storage { get; }

    internal static bool IsTransientIo(Exception ex) =>
        ex is IOException io
        && io is not FileNotFoundException and not DirectoryNotFoundException and not PathTooLongException
        && !DiskSpace.IsDiskFull(io);

    private static ResiliencePipeline Build(RetrySettings settings, Func<Exception, bool> isTransient)
    {
        var builder = new ResiliencePipelineBuilder();
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(isTransient),
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.InitialDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        return builder.Build();
    }
}

/// <param name="MaxRetries">Retries after the first attempt (config `retry_max_attempts`); 0 turns retries off.</param>
/// <param name="InitialDelay">Delay before the first retry, doubled each time, with jitter (`retry_initial_delay`).</param>
public sealed record RetrySettings(int MaxRetries, TimeSpan InitialDelay);
