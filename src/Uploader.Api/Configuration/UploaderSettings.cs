using Uploader.Infrastructure.Storage.S3;
using Uploader.Application.Policies;
using Uploader.Infrastructure;

namespace Uploader.Api.Configuration;

/// <summary>
/// The effective configuration: config.json, then UPLOADER_* overrides, paths made absolute. The property
/// initialisers are the defaults: a missing config.json is written from them, a key left out keeps them.
/// </summary>
public sealed record UploaderSettings
{
    public const long GiB = 1024L * 1024 * 1024;
    public const long MiB = 1024L * 1024;

    public string ConfigPath { get; init; } = "config.json";

    /// <summary>Keys of config.json this version ignores: warned about at start, listed in /system.</summary>
    public IReadOnlyList<UnknownConfigKey> UnknownKeys { get; init; } = [];

    public int Port { get; init; } = 18101;

    public string ListenAddress { get; init; } = "0.0.0.0";

    public string UploadDir { get; init; } = "./upload";

    public string MergedDir { get; init; } = "./merged";

    /// <summary>Which database holds the tasks: the embedded SQLite file, or a PostgreSQL server several instances share.</summary>
    public DatabaseProvider DatabaseProvider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>The SQLite file (made absolute), or for PostgreSQL an Npgsql connection string (never logged as is).</summary>
    public string Database { get; init; } = "./data/uploader.db";

    public long MaxFileSize { get; init; } = 10 * GiB;

    public long MaxChunkSize { get; init; } = 100 * MiB;

    public int MaxChunks { get; init; } = 10_000;

    public int CleanupInterval { get; init; } = 3600;

    public int TaskExpiryHours { get; init; } = 168;

    public int RetryMaxAttempts { get; init; } = 3;

    public int RetryInitialDelay { get; init; } = 1000;

    public int ConcurrentUploads { get; init; } = 5;

    public bool EnableIntegrityCheck { get; init; } = true;

    public bool EnableAtomicOperations { get; init; } = true;

    public string LogLevel { get; init; } = "info";

    /// <summary>`text` (control characters escaped) or `json` (Serilog's compact JSON, one object per line).</summary>
    public string LogFormat { get; init; } = Logging.LogOutput.Text;

    public string SecretKey { get; init; } = string.Empty;

    public bool EnableAuth { get; init; } = true;

    public int DiskWarningPercent { get; init; } = 90;

    public long MinFreeDiskBytes { get; init; } = GiB;

    public IReadOnlyList<string> AllowedExtensions { get; init; } = [];

    public ConflictPolicy OnConflict { get; init; } = ConflictPolicy.Rename;

    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    public int MaxConcurrentConnections { get; init; } = 5000;

    /// <summary>Open connections one client address (IPv6 by /64) may hold; 0 = no cap.</summary>
    public int MaxConnectionsPerClient { get; init; } = 100;

    /// <summary>Seconds an idle connection is kept open, before its first request as between requests.</summary>
    public int KeepAliveTimeout { get; init; } = 30;

    /// <summary>Bytes per second an upload_chunk body must average; also sets each chunk's time budget.</summary>
    public int MinUploadRate { get; init; } = 32768;

    public int UploadQueueTimeout { get; init; } = 30;

    /// <summary>Running chunk-write slots (upload_chunk, a tus PATCH's chunk) one client address may hold; 0 = half of concurrent_uploads, rounded up.</summary>
    public int MaxUploadsPerClient { get; init; }

    /// <summary>
    /// Names this instance in logs, leases and metrics; unique among instances sharing a task store. Empty in config.json
    /// means the default, host name and port ("web1:18101"), which the loader fills in.
    /// </summary>
    public string InstanceId { get; init; } = string.Empty;

    /// <summary>Seconds a merge or sweep lease lasts unless renewed (renewed every third of it); see docs/adr/0010-leases.md.</summary>
    public int LeaseSeconds { get; init; } = 30;

    /// <summary>Hours a web session lasts from its login.</summary>
    public int SessionHours { get; init; } = 12;

    /// <summary>Whether the tus 1.0 endpoint at /go-uploader/tus/ answers (docs/tus.md).</summary>
    public bool TusEnabled { get; init; } = true;

    /// <summary>Addresses and CIDR networks whose X-Forwarded-For and X-Forwarded-Proto are believed (Auth/TrustedProxies).</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>Where chunks and merged files live; see docs/storage.md.</summary>
    public StorageKind Storage { get; init; } = StorageKind.FileSystem;

    /// <summary>The S3-compatible store's URL; empty for AWS itself, whose endpoint follows from s3_region.</summary>
    public string S3Endpoint { get; init; } = string.Empty;

    public string S3Region { get; init; } = "us-east-1";

    public string S3Bucket { get; init; } = string.Empty;

    /// <summary>Put in front of every key (`uploader/` keeps a shared bucket tidy).</summary>
    public string S3Prefix { get; init; } = string.Empty;

    /// <summary>http://host/bucket/key rather than http://bucket.host/key: self-hosted stores mostly need it.</summary>
    public bool S3ForcePathStyle { get; init; }

    /// <summary>With s3_secret_key; both empty: the AWS SDK's default chain (AWS_ACCESS_KEY_ID, …, instance role).</summary>
    public string S3AccessKey { get; init; } = string.Empty;

    public string S3SecretKey { get; init; } = string.Empty;

    /// <summary>Downloads redirect to a short-lived presigned URL instead of streaming through the server.</summary>
    public bool S3PresignedDownloads { get; init; }

    public S3Settings? ToS3Settings() => Storage == StorageKind.S3
        ? new S3Settings(S3Endpoint, S3Region, S3Bucket, S3Prefix, S3ForcePathStyle, S3AccessKey, S3SecretKey, S3PresignedDownloads)
        : null;

    public UploadPolicy ToUploadPolicy() => new()
    {
        MaxFileSize = MaxFileSize,
        MaxChunkSize = MaxChunkSize,
        MaxChunks = MaxChunks,
        EnableIntegrityCheck = EnableIntegrityCheck,
        AllowedExtensions = AllowedExtensions,
        OnConflict = OnConflict,
        MinFreeDiskBytes = MinFreeDiskBytes,
    };

    public SessionPolicy ToSessionPolicy() => new() { Lifetime = TimeSpan.FromHours(SessionHours) };

    public RetentionPolicy ToRetentionPolicy() => new() { TaskExpiry = TimeSpan.FromHours(TaskExpiryHours) };

    public LeasePolicy ToLeasePolicy() => new() { InstanceId = InstanceId, Length = TimeSpan.FromSeconds(LeaseSeconds) };

    /// <summary>What an empty instance_id stands for: unique per host as long as each instance has its own port.</summary>
    public static string DefaultInstanceId(int port) => $"{Environment.MachineName}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
