using Uploader.Api.Configuration;
using Uploader.Application.Monitoring.Views;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Storage;
using Uploader.Application.Tasks;
using Uploader.Infrastructure;

namespace Uploader.Api.Contracts;

/// <summary>The answer of GET /go-uploader/system.</summary>
public sealed record SystemInfoResponse(RuntimeResponse Runtime, EffectiveConfigResponse Config, TaskCountsResponse Tasks, DiskResponse Disk)
{
    public static SystemInfoResponse From(SystemInfoView view, UploaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(
            RuntimeResponse.From(view),
            EffectiveConfigResponse.From(settings),
            new TaskCountsResponse(view.TotalTasks, view.TasksByStatus.ToDictionary(c => TaskStatusNames.Of(c.Key), c => c.Value)),
            new DiskResponse(VolumeResponse.From(view.Uploads), VolumeResponse.From(view.Merged), view.UnfinishedUploadBytes));
    }
}

/// <param name="Version">The server's version.</param>
/// <param name="Dotnet">The .NET runtime (".NET 10.0.1").</param>
/// <param name="Os">The operating system.</param>
/// <param name="Architecture">The process architecture.</param>
/// <param name="ProcessId">The OS process id.</param>
/// <param name="StartedAt">When the process started, UTC.</param>
/// <param name="UptimeSeconds">Seconds since the process started.</param>
/// <param name="ProcessorCount">Processors the process may use.</param>
/// <param name="ThreadCount">OS threads of the process.</param>
/// <param name="WorkingSetBytes">Physical memory mapped to the process.</param>
/// <param name="Gc">The managed heap.</param>
public sealed record RuntimeResponse(
    string Version,
    string Dotnet,
    string Os,
    string Architecture,
    int ProcessId,
    DateTime StartedAt,
    double UptimeSeconds,
    int ProcessorCount,
    int ThreadCount,
    long WorkingSetBytes,
    GcResponse Gc)
{
    public static RuntimeResponse From(SystemInfoView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var p = view.Process;
        return new(
            p.AppVersion, p.Framework, p.OperatingSystem, p.Architecture, p.ProcessId, p.StartedAt,
            Math.Round(view.Uptime.TotalSeconds, 1), p.ProcessorCount, p.ThreadCount, p.WorkingSetBytes,
            new GcResponse(p.GcHeapSizeBytes, p.GcCollections.Select((count, gen) => (count, gen)).ToDictionary(c => $"gen{c.gen}", c => c.count)));
    }
}

/// <param name="HeapSizeBytes">Managed heap after the last collection, fragmentation included.</param>
/// <param name="Collections">Collections so far per generation: gen0, gen1, gen2.</param>
public sealed record GcResponse(long HeapSizeBytes, IReadOnlyDictionary<string, int> Collections);

/// <param name="Total">Every task in the store.</param>
/// <param name="ByStatus">Every status (uploading, paused, merging, completed, failed), zero included.</param>
public sealed record TaskCountsResponse(int Total, IReadOnlyDictionary<string, int> ByStatus);

/// <param name="Upload">The volume holding upload_dir; null when it cannot be measured (the folder is gone).</param>
/// <param name="Merged">The volume holding merged_dir; null when it cannot be measured.</param>
/// <param name="UnfinishedUploadBytes">Bytes of stored chunks of tasks not yet completed.</param>
public sealed record DiskResponse(VolumeResponse? Upload, VolumeResponse? Merged, long UnfinishedUploadBytes);

/// <param name="Path">The configured folder (absolute).</param>
/// <param name="FreeBytes">Bytes the server may still write there.</param>
/// <param name="TotalBytes">Size of the volume.</param>
/// <param name="UsagePercent">Used share of the volume.</param>
public sealed record VolumeResponse(string Path, long FreeBytes, long TotalBytes, double UsagePercent)
{
    public static VolumeResponse? From(StorageVolume? v) =>
        v is null ? null : new(v.Path, v.FreeBytes, v.TotalBytes, v.UsagePercent);
}

/// <summary>
/// Every config.json key with the value in force (file, then UPLOADER_* overrides, paths made absolute).
/// The API key is never shown: secret_key is "***" when one is set, "" when the key is generated or kept in secret.key.
/// </summary>
public sealed record EffectiveConfigResponse
{
    public const string Masked = "***";

    /// <summary>The config file that was read.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>Keys of the file this version ignored (warned about at start): a typo shows here too.</summary>
    public required IReadOnlyList<string> UnknownKeys { get; init; }

    public required int Port { get; init; }

    public required string ListenAddress { get; init; }

    public required string UploadDir { get; init; }

    public required string MergedDir { get; init; }

    public required DatabaseProvider DatabaseProvider { get; init; }

    /// <summary>The SQLite file, or PostgreSQL's host, port, database and user: never a password.</summary>
    public required string Database { get; init; }

    public required long MaxFileSize { get; init; }

    public required long MaxChunkSize { get; init; }

    public required int MaxChunks { get; init; }

    public required int CleanupInterval { get; init; }

    public required int TaskExpiryHours { get; init; }

    public required int RetryMaxAttempts { get; init; }

    public required int RetryInitialDelay { get; init; }

    public required int ConcurrentUploads { get; init; }

    public required bool EnableIntegrityCheck { get; init; }

    public required bool EnableAtomicOperations { get; init; }

    public required string LogLevel { get; init; }

    public required string LogFormat { get; init; }

    /// <summary>"***" when a key is configured, else "": never the key itself.</summary>
    public required string SecretKey { get; init; }

    public required bool EnableAuth { get; init; }

    public required int DiskWarningPercent { get; init; }

    public required long MinFreeDiskBytes { get; init; }

    public required IReadOnlyList<string> AllowedExtensions { get; init; }

    public required ConflictPolicy OnConflict { get; init; }

    public required IReadOnlyList<string> CorsOrigins { get; init; }

    public required int MaxConcurrentConnections { get; init; }

    public required int MaxConnectionsPerClient { get; init; }

    public required int KeepAliveTimeout { get; init; }

    public required int MinUploadRate { get; init; }

    public required int UploadQueueTimeout { get; init; }

    public required int MaxUploadsPerClient { get; init; }

    /// <summary>This instance's name in logs, leases and metrics (the default filled in when config.json leaves it empty).</summary>
    public required string InstanceId { get; init; }

    public required int LeaseSeconds { get; init; }

    public required int SessionHours { get; init; }

    public required bool TusEnabled { get; init; }

    /// <summary>Peers whose X-Forwarded-For and X-Forwarded-Proto are believed; empty: none.</summary>
    public required IReadOnlyList<string> TrustedProxies { get; init; }

    /// <summary>`filesystem` or `s3`.</summary>
    public required StorageKind Storage { get; init; }

    public required string S3Endpoint { get; init; }

    public required string S3Region { get; init; }

    public required string S3Bucket { get; init; }

    public required string S3Prefix { get; init; }

    public required bool S3ForcePathStyle { get; init; }

    /// <summary>"***" when set, else "": never the key itself.</summary>
    public required string S3AccessKey { get; init; }

    /// <summary>"***" when set, else "".</summary>
    public required string S3SecretKey { get; init; }

    public required bool S3PresignedDownloads { get; init; }

    public static EffectiveConfigResponse From(UploaderSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new()
        {
            ConfigPath = s.ConfigPath,
            UnknownKeys = [.. s.UnknownKeys.Select(k => k.Key)],
            Port = s.Port,
            ListenAddress = s.ListenAddress,
            UploadDir = s.UploadDir,
            MergedDir = s.MergedDir,
            DatabaseProvider = s.DatabaseProvider,
            Database = TaskStoreLocation.Describe(s.DatabaseProvider, s.Database),
            MaxFileSize = s.MaxFileSize,
            MaxChunkSize = s.MaxChunkSize,
            MaxChunks = s.MaxChunks,
            CleanupInterval = s.CleanupInterval,
            TaskExpiryHours = s.TaskExpiryHours,
            RetryMaxAttempts = s.RetryMaxAttempts,
            RetryInitialDelay = s.RetryInitialDelay,
            ConcurrentUploads = s.ConcurrentUploads,
            EnableIntegrityCheck = s.EnableIntegrityCheck,
            EnableAtomicOperations = s.EnableAtomicOperations,
            LogLevel = s.LogLevel,
            LogFormat = s.LogFormat,
            SecretKey = s.SecretKey.Length > 0 ? Masked : string.Empty,
            EnableAuth = s.EnableAuth,
            DiskWarningPercent = s.DiskWarningPercent,
            MinFreeDiskBytes = s.MinFreeDiskBytes,
            AllowedExtensions = s.AllowedExtensions,
            OnConflict = s.OnConflict,
            CorsOrigins = s.CorsOrigins,
            MaxConcurrentConnections = s.MaxConcurrentConnections,
            MaxConnectionsPerClient = s.MaxConnectionsPerClient,
            KeepAliveTimeout = s.KeepAliveTimeout,
            MinUploadRate = s.MinUploadRate,
            UploadQueueTimeout = s.UploadQueueTimeout,
            MaxUploadsPerClient = s.MaxUploadsPerClient,
            InstanceId = s.InstanceId,
            LeaseSeconds = s.LeaseSeconds,
            SessionHours = s.SessionHours,
            TusEnabled = s.TusEnabled,
            TrustedProxies = s.TrustedProxies,
            Storage = s.Storage,
            S3Endpoint = s.S3Endpoint,
            S3Region = s.S3Region,
            S3Bucket = s.S3Bucket,
            S3Prefix = s.S3Prefix,
            S3ForcePathStyle = s.S3ForcePathStyle,
            S3AccessKey = s.S3AccessKey.Length > 0 ? Masked : string.Empty,
            S3SecretKey = s.S3SecretKey.Length > 0 ? Masked : string.Empty,
            S3PresignedDownloads = s.S3PresignedDownloads,
        };
    }
}
