using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>
/// The config.json every test server starts from: everything inside one temp folder (the tasks in <see cref="TestStore"/>),
/// small retry delays.
/// </summary>
internal static class TestConfig
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Default(string secretKey) => new()
    {
        ["upload_dir"] = "./upload",
        ["merged_dir"] = "./merged",
        ["database"] = "./data/uploader.db",
        ["secret_key"] = secretKey,
        ["enable_auth"] = true,
        ["max_file_size"] = 64L * 1024 * 1024,
        ["max_chunk_size"] = 1024 * 1024,
        ["max_chunks"] = 1000,
        ["retry_max_attempts"] = 3,
        ["retry_initial_delay"] = 10,
        ["enable_integrity_check"] = true,
        ["enable_atomic_operations"] = true,
        ["log_level"] = "warn",
        ["min_free_disk_bytes"] = 0,
        ["allowed_extensions"] = new JsonArray(),
        ["on_conflict"] = "rename",
    };

    public static void Write(string path, JsonObject config) =>
        File.WriteAllText(path, config.ToJsonString(Indented));

    /// <summary>Writes the default test config changed by <paramref name="configure"/> as folder/config.json.</summary>
    public static string WriteInto(TempFolder folder, Action<JsonObject> configure)
    {
        var config = Default(UploaderFactory.SecretKey);
        TestStore.Configure(config);
        TestStorage.Configure(config);
        configure(config);
        var path = folder.Combine("config.json");
        Write(path, config);
        return path;
    }
}
