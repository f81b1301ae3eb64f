using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uploader.Client.Tests.Server;

/// <summary>The config.json of a test server: everything inside one temp folder, on a loopback port.</summary>
internal static class ServerConfig
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string WriteInto(TempFolder folder, int port, string secretKey)
    {
        var config = new JsonObject
        {
            ["port"] = port,
            ["listen_address"] = "127.0.0.1",
            ["upload_dir"] = "./upload",
            ["merged_dir"] = "./merged",
            ["database"] = "./data/uploader.db",
            ["secret_key"] = secretKey,
            ["enable_auth"] = true,
            ["max_file_size"] = 64L * 1024 * 1024,
            ["max_chunk_size"] = 4 * 1024 * 1024,
            ["max_chunks"] = 10000,
            ["retry_max_attempts"] = 3,
            ["retry_initial_delay"] = 10,
            ["enable_integrity_check"] = true,
            ["log_level"] = "warn",
            ["min_free_disk_bytes"] = 0,
            ["on_conflict"] = "rename",
        };
        var path = folder.Combine("config.json");
        File.WriteAllText(path, config.ToJsonString(Indented));
        return path;
    }
}
