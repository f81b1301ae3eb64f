using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Uploader.Api.Logging;
using Uploader.Application.Policies;

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

    private static readonly Dictionary<string, string> LogLevels = new()
    {
        ["trace"] = "trace", ["verbose"] = "trace", ["debug"] = "debug", ["info"] = "info", ["information"] = "info",
        ["warn"] = "warn", ["warning"] = "warn", ["error"] = "error", ["fatal"] = "fatal",
    };

    private static readonly Dictionary<string, string> LogFormats = new()
    {
        [LogOutput.Text] = LogOutput.Text, [LogOutput.Json] = LogOutput.Json,
    };

    private static readonly (string Key, JsonNode? Default, Func<UploaderSettings, SettingValue, UploaderSettings> Apply)[] Keys =
    [
        ("port", "18101", (s, v) => s with { Port = v.Int(1, 65535) }),
        ("listen_address", "0.0.0.0", (s, v) => s with { ListenAddress = v.Address() }),
        ("upload_dir", "./upload", (s, v) => s with { UploadDir = NonEmpty(v) }),
        ("merged_dir", "./merged", (s, v) => s with { MergedDir = NonEmpty(v) }),
        ("database", "./data/uploader.db", (s, v) => s with { Database = NonEmpty(v) }),
        ("max_file_size", 10 * UploaderSettings.GiB, (s, v) => s with { MaxFileSize = v.Integer(0, long.MaxValue) }),
        ("max_chunk_size", 100 * UploaderSettings.MiB, (s, v) => s with { MaxChunkSize = v.Integer(1, 4 * UploaderSettings.GiB) }),
        ("max_chunks", 10_000, (s, v) => s with { MaxChunks = v.Int(1, 1_000_000) }),
        ("cleanup_interval", 3600, (s, v) => s with { CleanupInterval = v.Int(1, int.MaxValue) }),
        ("task_expiry_hours", 168, (s, v) => s with { TaskExpiryHours = v.Int(1, 1_000_000) }),
        ("retry_max_attempts", 3, (s, v) => s with { RetryMaxAttempts = v.Int(0, 20) }),
        ("retry_initial_delay", 1000, (s, v) => s with { RetryInitialDelay = v.Int(0, 600_000) }),
        ("concurrent_uploads", 5, (s, v) => s with { ConcurrentUploads = v.Int(1, 10_000) }),
        ("enable_integrity_check", true, (s, v) => s with { EnableIntegrityCheck = v.Boolean() }),
        ("enable_atomic_operations", true, (s, v) => s with { EnableAtomicOperations = v.Boolean() }),
        ("log_level", "info", (s, v) => s with { LogLevel = v.OneOf(LogLevels) }),
        ("log_format", LogOutput.Text, (s, v) => s with { LogFormat = v.OneOf(LogFormats) }),
        ("secret_key", string.Empty, (s, v) => s with { SecretKey = v.String() }),
        ("enable_auth", true, (s, v) => s with { EnableAuth = v.Boolean() }),
        ("disk_warning_percent", 90, (s, v) => s with { DiskWarningPercent = v.Int(1, 100) }),
        ("min_free_disk_bytes", UploaderSettings.GiB, (s, v) => s with { MinFreeDiskBytes = v.Integer(0, long.MaxValue) }),
        ("allowed_extensions", new JsonArray(), (s, v) => s with { AllowedExtensions = Extensions(v) }),
        ("on_conflict", "rename", (s, v) => s with { OnConflict = v.OneOf(ConflictPolicies) }),
        ("cors_origins", new JsonArray(), (s, v) => s with { CorsOrigins = v.StringList() }),
        ("max_concurrent_connections", 5000, (s, v) => s with { MaxConcurrentConnections = v.Int(1, 1_000_000) }),
        ("max_connections_per_client", 100, (s, v) => s with { MaxConnectionsPerClient = v.Int(0, 1_000_000) }),
        ("keep_alive_timeout", 30, (s, v) => s with { KeepAliveTimeout = v.Int(1, 3600) }),
        ("min_upload_rate", 32768, (s, v) => s with { MinUploadRate = v.Int(1, int.MaxValue) }),
        ("upload_queue_timeout", 30, (s, v) => s with { UploadQueueTimeout = v.Int(1, 3600) }),
        ("max_uploads_per_client", 0, (s, v) => s with { MaxUploadsPerClient = v.Int(0, 10_000) }),
    ];

    /// <summary>
    /// Keys the contract's v2 list adds that this version does not read yet. One found in config.json is ignored with
    /// a warning that says so (the start goes on, so a config written for a newer version still starts this one);
    /// a key moves from here to <see cref="Keys"/> when it is implemented.
    /// </summary>
    private static readonly string[] ContractKeysNotYetSupported =
    [
        "database_provider", "storage", "s3_endpoint", "s3_region", "s3_bucket", "s3_prefix", "s3_force_path_style",
        "s3_access_key", "s3_secret_key", "s3_presigned_downloads", "instance_id", "session_hours", "tus_enabled", "trusted_proxies",
    ];

    /// <summary>The file written when none exists, and the project's own config.json.</summary>
    public static string DefaultFileText()
    {
        var root = new JsonObject();
        foreach (var (key, value, _) in Keys)
        {
            root[key] = value?.DeepClone();
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
        return settings with
        {
            UploadDir = Path.GetFullPath(settings.UploadDir, folder),
            MergedDir = Path.GetFullPath(settings.MergedDir, folder),
            Database = Path.GetFullPath(settings.Database, folder),
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

    private static List<string> Extensions(SettingValue value) =>
        value.StringList()
            .Select(e => e.Trim().ToLowerInvariant())
            .Select(e => e.StartsWith('.') ? e : "." + e)
            .ToList();
}
