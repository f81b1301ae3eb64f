using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Uploader.Api.Logging;
using Uploader.Application.Policies;
using Uploader.Infrastructure;

namespace Uploader.Api.Configuration;

/// <summary>
/// Reads config.json as the HTTP contract describes: the file named by --config or UPLOADER_CONFIG, else
/// ./config.json; written with every default when missing; each key overridable as UPLOADER_&lt;KEY&gt;;
/// relative paths resolved against the file's folder; a bad value stops the start naming its key; an unknown key
/// is kept in <see cref="UploaderSettings.UnknownKeys"/> for a warning once the log is set up.
/// </summary>
public static class SettingsLoader
{
    private const string EnvironmentPrefix = "UPLOADER_";

    private static readonly Dictionary<string, ConflictPolicy> ConflictPolicies = new()
    {
        ["rename"] = ConflictPolicy.Rename,
        ["overwrite"] = ConflictPolicy.Overwrite,
        ["reject"] = ConflictPolicy.Reject,
    };

    private static readonly Dictionary<string, DatabaseProvider> DatabaseProviders = new()
    {
        ["sqlite"] = DatabaseProvider.Sqlite,
        ["postgres"] = DatabaseProvider.Postgres,
    };

    private static readonly Dictionary<string, StorageKind> StorageKinds = new()
    {
        ["filesystem"] = StorageKind.FileSystem,
        ["s3"] = StorageKind.S3,
    };

    private static readonly Dictionary<string, string> LogLevels = new()
    {
        ["trace"] = "trace", ["verbose"] = "trace", ["debug"] = "debug", ["info"] = "info", ["information"] = "info",
        ["warn"] = "warn", ["warning"] = "warn", ["error"] = "error", ["fatal"] = "fatal",
    };

    private static readonly Dictionary<string, string> LogFormats = new()
    {
        [LogOutput.Text] = LogOutput.Text, [LogOutput.Json] = LogOutput.Json,
    };

    /// <summary>
    /// Every key: its name, how its default (the <see cref="UploaderSettings"/> property initialiser, the one place a
    /// default lives) is written to a new config.json, and how a value is read into the settings.
    /// </summary>
    private static readonly (string Key, Func<UploaderSettings, JsonNode?> Written, Func<UploaderSettings, SettingValue, UploaderSettings> Apply)[] Keys =
    [
        // Written as a string, as go-uploader's own config.json has it; read as a number or a string.
        ("port", s => s.Port.ToString(CultureInfo.InvariantCulture), (s, v) => s with { Port = v.Int(1, 65535) }),
        ("listen_address", s => s.ListenAddress, (s, v) => s with { ListenAddress = v.Address() }),
        ("upload_dir", s => s.UploadDir, (s, v) => s with { UploadDir = NonEmpty(v) }),
        ("merged_dir", s => s.MergedDir, (s, v) => s with { MergedDir = NonEmpty(v) }),
        ("database_provider", s => NameOf(DatabaseProviders, s.DatabaseProvider), (s, v) => s with { DatabaseProvider = v.OneOf(DatabaseProviders) }),
        ("database", s => s.Database, (s, v) => s with { Database = NonEmpty(v) }),
        ("max_file_size", s => s.MaxFileSize, (s, v) => s with { MaxFileSize = v.Integer(0, long.MaxValue) }),
        ("max_chunk_size", s => s.MaxChunkSize, (s, v) => s with { MaxChunkSize = v.Integer(1, 4 * UploaderSettings.GiB) }),
        ("max_chunks", s => s.MaxChunks, (s, v) => s with { MaxChunks = v.Int(1, 1_000_000) }),
        ("cleanup_interval", s => s.CleanupInterval, (s, v) => s with { CleanupInterval = v.Int(1, int.MaxValue) }),
        ("task_expiry_hours", s => s.TaskExpiryHours, (s, v) => s with { TaskExpiryHours = v.Int(1, 1_000_000) }),
        ("retry_max_attempts", s => s.RetryMaxAttempts, (s, v) => s with { RetryMaxAttempts = v.Int(0, 20) }),
        ("retry_initial_delay", s => s.RetryInitialDelay, (s, v) => s with { RetryInitialDelay = v.Int(0, 600_000) }),
        ("concurrent_uploads", s => s.ConcurrentUploads, (s, v) => s with { ConcurrentUploads = v.Int(1, 10_000) }),
        ("enable_integrity_check", s => s.EnableIntegrityCheck, (s, v) => s with { EnableIntegrityCheck = v.Boolean() }),
        ("enable_atomic_operations", s => s.EnableAtomicOperations, (s, v) => s with { EnableAtomicOperations = v.Boolean() }),
        ("log_level", s => s.LogLevel, (s, v) => s with { LogLevel = v.OneOf(LogLevels) }),
        ("log_format", s => s.LogFormat, (s, v) => s with { LogFormat = v.OneOf(LogFormats) }),
        ("secret_key", s => s.SecretKey, (s, v) => s with { SecretKey = v.String() }),
        ("enable_auth", s => s.EnableAuth, (s, v) => s with { EnableAuth = v.Boolean() }),
        ("disk_warning_percent", s => s.DiskWarningPercent, (s, v) => s with { DiskWarningPercent = v.Int(1, 100) }),
        ("min_free_disk_bytes", s => s.MinFreeDiskBytes, (s, v) => s with { MinFreeDiskBytes = v.Integer(0, long.MaxValue) }),
        ("allowed_extensions", s => ListOf(s.AllowedExtensions), (s, v) => s with { AllowedExtensions = Extensions(v) }),
        ("on_conflict", s => NameOf(ConflictPolicies, s.OnConflict), (s, v) => s with { OnConflict = v.OneOf(ConflictPolicies) }),
        ("cors_origins", s => ListOf(s.CorsOrigins), (s, v) => s with { CorsOrigins = v.StringList() }),
        ("max_concurrent_connections", s => s.MaxConcurrentConnections, (s, v) => s with { MaxConcurrentConnections = v.Int(1, 1_000_000) }),
        ("max_connections_per_client", s => s.MaxConnectionsPerClient, (s, v) => s with { MaxConnectionsPerClient = v.Int(0, 1_000_000) }),
        ("keep_alive_timeout", s => s.KeepAliveTimeout, (s, v) => s with { KeepAliveTimeout = v.Int(1, 3600) }),
        ("min_upload_rate", s => s.MinUploadRate, (s, v) => s with { MinUploadRate = v.Int(1, int.MaxValue) }),
        ("upload_queue_timeout", s => s.UploadQueueTimeout, (s, v) => s with { UploadQueueTimeout = v.Int(1, 3600) }),
        ("max_uploads_per_client", s => s.MaxUploadsPerClient, (s, v) => s with { MaxUploadsPerClient = v.Int(0, 10_000) }),
        ("instance_id", s => s.InstanceId, (s, v) => s with { InstanceId = InstanceIdOf(v) }),
        ("lease_seconds", s => s.LeaseSeconds, (s, v) => s with { LeaseSeconds = v.Int(1, 3600) }),
        ("session_hours", s => s.SessionHours, (s, v) => s with { SessionHours = v.Int(1, 24 * 366) }),
        ("tus_enabled", s => s.TusEnabled, (s, v) => s with { TusEnabled = v.Boolean() }),
        ("trusted_proxies", s => ListOf(s.TrustedProxies), (s, v) => s with { TrustedProxies = Proxies(v) }),
        ("storage", s => NameOf(StorageKinds, s.Storage), (s, v) => s with { Storage = v.OneOf(StorageKinds) }),
        ("s3_endpoint", s => s.S3Endpoint, (s, v) => s with { S3Endpoint = Endpoint(v) }),
        ("s3_region", s => s.S3Region, (s, v) => s with { S3Region = NonEmpty(v) }),
        ("s3_bucket", s => s.S3Bucket, (s, v) => s with { S3Bucket = v.String().Trim() }),
        ("s3_prefix", s => s.S3Prefix, (s, v) => s with { S3Prefix = v.String() }),
        ("s3_force_path_style", s => s.S3ForcePathStyle, (s, v) => s with { S3ForcePathStyle = v.Boolean() }),
        ("s3_access_key", s => s.S3AccessKey, (s, v) => s with { S3AccessKey = v.String() }),
        ("s3_secret_key", s => s.S3SecretKey, (s, v) => s with { S3SecretKey = v.String() }),
        ("s3_presigned_downloads", s => s.S3PresignedDownloads, (s, v) => s with { S3PresignedDownloads = v.Boolean() }),
    ];

    /// <summary>
    /// Keys the contract's v2 list adds that this version does not read yet. One found in config.json is ignored with
    /// a warning that says so (the start goes on, so a config written for a newer version still starts this one);
    /// a key moves from here to <see cref="Keys"/> when it is implemented.
    /// </summary>
    private static readonly string[] ContractKeysNotYetSupported = [];

    /// <summary>The file written when none exists, and the project's own config.json.</summary>
    public static string DefaultFileText()
    {
        var defaults = new UploaderSettings();
        var root = new JsonObject();
        foreach (var (key, written, _) in Keys)
        {
            root[key] = written(defaults);
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public static string ResolveConfigPath(string? fromCommandLine, IDictionary environment) =>
        Path.GetFullPath(fromCommandLine ?? environment[EnvironmentPrefix + "CONFIG"] as string ?? "config.json");

    public static UploaderSettings Load(string configPath, IDictionary environment, TextWriter warnings)
    {
        if (!File.Exists(configPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
            File.WriteAllText(configPath, DefaultFileText());
            warnings.WriteLine($"No config file at {configPath}; wrote one with every default.");
        }

        using var document = Parse(configPath);
        var settings = new UploaderSettings { ConfigPath = configPath, UnknownKeys = UnknownKeys(document.RootElement) };
        foreach (var (key, _, apply) in Keys)
        {
            if (environment[EnvironmentPrefix + key.ToUpperInvariant()] is string overridden)
            {
                settings = apply(settings, SettingValue.FromEnvironment(key, overridden));
            }
            else if (document.RootElement.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                settings = apply(settings, SettingValue.FromJson(key, value));
            }
        }

        var folder = Path.GetDirectoryName(configPath)!;
        if (TaskStoreLocation.Problem(settings.DatabaseProvider, settings.Database) is { } problem)
        {
            throw new SettingsException("database", $"for database_provider '{NameOf(DatabaseProviders, settings.DatabaseProvider)}' it {problem}");
        }

        if (settings.Storage == StorageKind.S3 && settings.S3Bucket.Length == 0)
        {
            throw new SettingsException("s3_bucket", "must name the bucket when storage is 's3'");
        }

        if ((settings.S3AccessKey.Length == 0) != (settings.S3SecretKey.Length == 0))
        {
            throw new SettingsException("s3_secret_key", "s3_access_key and s3_secret_key are set together, or both left empty for the AWS environment variables");
        }

        return settings with
        {
            UploadDir = Path.GetFullPath(settings.UploadDir, folder),
            MergedDir = Path.GetFullPath(settings.MergedDir, folder),
            Database = settings.DatabaseProvider == DatabaseProvider.Sqlite ? Path.GetFullPath(settings.Database, folder) : settings.Database,
            InstanceId = settings.InstanceId.Length > 0 ? settings.InstanceId : UploaderSettings.DefaultInstanceId(settings.Port),
        };
    }

    private static List<UnknownConfigKey> UnknownKeys(JsonElement root)
    {
        var known = Keys.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var planned = ContractKeysNotYetSupported.Where(k => !known.Contains(k)).ToHashSet(StringComparer.Ordinal);
        return root.EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !known.Contains(name))
            .Select(name => UnknownConfigKey.Closest(name, known.Concat(planned)) is { } nearest
                ? new UnknownConfigKey(name, nearest, known.Contains(nearest))
                : new UnknownConfigKey(name, null, NearestIsSupported: false))
            .ToList();
    }

    private static JsonDocument Parse(string configPath)
    {
        try
        {
            var document = JsonDocument.Parse(
                File.ReadAllText(configPath),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document
                : throw new SettingsException("(file)", $"{configPath} must hold a JSON object");
        }
        catch (JsonException ex)
        {
            throw new SettingsException("(file)", $"{configPath} is not valid JSON: {ex.Message}");
        }
    }

    private static string NonEmpty(SettingValue value)
    {
        var text = value.String();
        return string.IsNullOrWhiteSpace(text) ? throw value.Invalid("must not be empty") : text;
    }

    /// <summary>Empty (AWS itself) or an absolute http(s) URL.</summary>
    private static string Endpoint(SettingValue value)
    {
        var text = value.String().Trim();
        return text.Length == 0 || (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? text
            : throw value.Invalid("must be empty (AWS) or an http:// or https:// URL");
    }

    /// <summary>Printable ASCII, at most 200 characters: it is a log property, a metric label and a column value.</summary>
    private static string InstanceIdOf(SettingValue value)
    {
        var text = value.String().Trim();
        return text.Length > 200 || text.Any(c => c is < '!' or > '~')
            ? throw value.Invalid("must be at most 200 printable ASCII characters without spaces (empty for host name and port)")
            : text;
    }

    private static JsonArray ListOf(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)i)]);

    private static string NameOf<T>(Dictionary<string, T> choices, T value) =>
        choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Key;

    /// <summary>Each entry as <see cref="Auth.TrustedProxies"/> reads it, so that a bad one stops the start here.</summary>
    private static List<string> Proxies(SettingValue value) =>
        value.StringList()
            .Select(entry => Auth.TrustedProxies.Parse(entry, out var reason) is { } network
                ? Auth.TrustedProxies.Format(network)
                : throw value.Invalid($"'{entry}' {reason}"))
            .ToList();

    private static List<string> Extensions(SettingValue value) =>
        value.StringList()
            .Select(e => e.Trim().ToLowerInvariant())
            .Select(e => e.StartsWith('.') ? e : "." + e)
            .ToList();
}
