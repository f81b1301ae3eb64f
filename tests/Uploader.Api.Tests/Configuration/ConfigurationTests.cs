using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Uploader.Api.Configuration;
using Uploader.Application.Policies;
using Uploader.Infrastructure;

namespace Uploader.Api.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Missing_config_is_written_with_every_default()
    {
        var path = _folder.Combine("nested", "config.json");
        using var warnings = new StringWriter();

        var settings = SettingsLoader.Load(path, NoEnvironment, warnings);

        var written = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal("18101", written["port"]!.GetValue<string>());
        Assert.Equal("0.0.0.0", written["listen_address"]!.GetValue<string>());
        Assert.Equal("./upload", written["upload_dir"]!.GetValue<string>());
        Assert.Equal("./merged", written["merged_dir"]!.GetValue<string>());
        Assert.Equal("sqlite", written["database_provider"]!.GetValue<string>());
        Assert.Equal("./data/uploader.db", written["database"]!.GetValue<string>());
        Assert.Equal(10L * 1024 * 1024 * 1024, written["max_file_size"]!.GetValue<long>());
        Assert.Equal(100L * 1024 * 1024, written["max_chunk_size"]!.GetValue<long>());
        Assert.Equal(10_000, written["max_chunks"]!.GetValue<int>());
        Assert.Equal(3600, written["cleanup_interval"]!.GetValue<int>());
        Assert.Equal(168, written["task_expiry_hours"]!.GetValue<int>());
        Assert.Equal(3, written["retry_max_attempts"]!.GetValue<int>());
        Assert.Equal(1000, written["retry_initial_delay"]!.GetValue<int>());
        Assert.Equal(5, written["concurrent_uploads"]!.GetValue<int>());
        Assert.True(written["enable_integrity_check"]!.GetValue<bool>());
        Assert.True(written["enable_atomic_operations"]!.GetValue<bool>());
        Assert.Equal("info", written["log_level"]!.GetValue<string>());
        Assert.Equal("text", written["log_format"]!.GetValue<string>());
        Assert.Equal(string.Empty, written["secret_key"]!.GetValue<string>());
        Assert.True(written["enable_auth"]!.GetValue<bool>());
        Assert.Equal(90, written["disk_warning_percent"]!.GetValue<int>());
        Assert.Equal(1024L * 1024 * 1024, written["min_free_disk_bytes"]!.GetValue<long>());
        Assert.Empty(written["allowed_extensions"]!.AsArray());
        Assert.Equal("rename", written["on_conflict"]!.GetValue<string>());
        Assert.Empty(written["cors_origins"]!.AsArray());
        Assert.Equal(5000, written["max_concurrent_connections"]!.GetValue<int>());
        Assert.Equal(100, written["max_connections_per_client"]!.GetValue<int>());
        Assert.Equal(30, written["keep_alive_timeout"]!.GetValue<int>());
        Assert.Equal(32768, written["min_upload_rate"]!.GetValue<int>());
        Assert.Equal(30, written["upload_queue_timeout"]!.GetValue<int>());
        Assert.Equal(0, written["max_uploads_per_client"]!.GetValue<int>());
        Assert.Equal(string.Empty, written["instance_id"]!.GetValue<string>());
        Assert.Equal(30, written["lease_seconds"]!.GetValue<int>());
        Assert.Equal(12, written["session_hours"]!.GetValue<int>());
        Assert.Empty(written["trusted_proxies"]!.AsArray());
        Assert.Contains(path, warnings.ToString(), StringComparison.Ordinal);

        var folder = Path.GetDirectoryName(path)!;
        Assert.Equal(18101, settings.Port);
        Assert.Equal(Path.Combine(folder, "upload"), settings.UploadDir);
        Assert.Equal(Path.Combine(folder, "merged"), settings.MergedDir);
        Assert.Equal(Path.Combine(folder, "data", "uploader.db"), settings.Database);
        Assert.Equal(ConflictPolicy.Rename, settings.OnConflict);
        Assert.True(settings.EnableAuth);
    }

    [Fact]
    public void Key_left_out_of_config_json_gets_the_default_a_missing_file_is_written_with()
    {
        var written = SettingsLoader.Load(_folder.Combine("written", "config.json"), NoEnvironment, TextWriter.Null);
        var empty = Load("{}", NoEnvironment);

        Assert.Equal(Comparable(written), Comparable(empty));
    }

    [Fact]
    public void Repository_config_json_holds_every_default()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Uploader.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("no Uploader.sln above " + AppContext.BaseDirectory);
        }

        // Regenerate it from SettingsLoader.DefaultFileText() when a key or a default changes.
        Assert.Equal(SettingsLoader.DefaultFileText(), File.ReadAllText(Path.Combine(root.FullName, "config.json")));
    }

    [Fact]
    public void Existing_config_is_not_rewritten()
    {
        var path = _folder.Combine("config.json");
        const string Text = "{ \"port\": 9000, // comment\n }";
        File.WriteAllText(path, Text);

        var settings = SettingsLoader.Load(path, NoEnvironment, TextWriter.Null);

        Assert.Equal(9000, settings.Port);
        Assert.Equal(Text, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("\"8080\"")]
    public void Port_may_be_a_number_or_a_string(string json)
    {
        var settings = Load($"{{\"port\": {json}}}", NoEnvironment);

        Assert.Equal(8080, settings.Port);
    }

    [Fact]
    public void Environment_overrides_config_json()
    {
        var environment = new Dictionary<string, string>
        {
            ["UPLOADER_PORT"] = "8080",
            ["UPLOADER_ON_CONFLICT"] = "Reject",
            ["UPLOADER_ALLOWED_EXTENSIONS"] = "txt, .PDF",
            ["UPLOADER_ENABLE_AUTH"] = "false",
            ["UPLOADER_MAX_CHUNK_SIZE"] = "1024",
            ["UPLOADER_UPLOAD_DIR"] = "chunks",
        };

        var settings = Load("""{"port": 9000, "on_conflict": "overwrite", "enable_auth": true, "max_chunk_size": 2048}""", environment);

        Assert.Equal(8080, settings.Port);
        Assert.Equal(ConflictPolicy.Reject, settings.OnConflict);
        Assert.Equal([".txt", ".pdf"], settings.AllowedExtensions);
        Assert.False(settings.EnableAuth);
        Assert.Equal(1024, settings.MaxChunkSize);
        Assert.Equal(_folder.Combine("chunks"), settings.UploadDir);
    }

    [Fact]
    public void Postgres_takes_the_database_as_a_connection_string_that_UPLOADER_DATABASE_overrides()
    {
        const string FromEnvironment = "Host=db.internal;Port=5433;Database=tasks;Username=uploader;Password=from-env";
        var environment = new Dictionary<string, string> { ["UPLOADER_DATABASE"] = FromEnvironment };

        var fromFile = Load("""{"database_provider": "postgres", "database": "Host=localhost;Database=x"}""", NoEnvironment);
        var overridden = Load("""{"database_provider": "postgres", "database": "Host=localhost;Database=x"}""", environment);
        var byEnvironment = Load("{}", new Dictionary<string, string>
        {
            ["UPLOADER_DATABASE_PROVIDER"] = "Postgres",
            ["UPLOADER_DATABASE"] = FromEnvironment,
        });

        Assert.Equal((DatabaseProvider.Postgres, "Host=localhost;Database=x"), (fromFile.DatabaseProvider, fromFile.Database));
        Assert.Equal((DatabaseProvider.Postgres, FromEnvironment), (overridden.DatabaseProvider, overridden.Database));
        Assert.Equal((DatabaseProvider.Postgres, FromEnvironment), (byEnvironment.DatabaseProvider, byEnvironment.Database));
        Assert.Equal(DatabaseProvider.Sqlite, Load("{}", NoEnvironment).DatabaseProvider);
    }

    [Theory]
    [InlineData("Host=db;Password=hunter2;Frobnicate=yes")]
    [InlineData("Database=tasks;Password=hunter2")]
    [InlineData("Password=hunter2;;=;Host")]
    public void A_postgres_database_that_is_no_usable_connection_string_stops_the_start_without_echoing_it(string database)
    {
        var config = new JsonObject { ["database_provider"] = "postgres", ["database"] = database };

        var error = Assert.Throws<SettingsException>(() => Load(config.ToJsonString(), NoEnvironment));

        Assert.Equal("database", error.Key);
        Assert.Contains("database_provider 'postgres'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_is_described_without_a_password()
    {
        Assert.Equal(
            "Host=db.internal;Port=5433;Database=tasks;Username=uploader",
            TaskStoreLocation.Describe(DatabaseProvider.Postgres, "Host=db.internal;Port=5433;Database=tasks;Username=uploader;Password=hunter2;SSL Mode=Require"));
        Assert.Equal(_folder.Combine("tasks.db"), TaskStoreLocation.Describe(DatabaseProvider.Sqlite, _folder.Combine("tasks.db")));
    }

    [Fact]
    public void Relative_paths_resolve_against_the_config_folder()
    {
        var absolute = _folder.Combine("elsewhere", "merged");
        var config = new JsonObject { ["upload_dir"] = "../up", ["merged_dir"] = absolute, ["database"] = "db/tasks.db" };
        var path = _folder.Combine("conf", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, config.ToJsonString());

        var settings = SettingsLoader.Load(path, NoEnvironment, TextWriter.Null);

        Assert.Equal(_folder.Combine("up"), settings.UploadDir);
        Assert.Equal(absolute, settings.MergedDir);
        Assert.Equal(_folder.Combine("conf", "db", "tasks.db"), settings.Database);
    }

    [Fact]
    public void Config_path_comes_from_the_command_line_then_the_environment_then_the_working_folder()
    {
        var environment = new Dictionary<string, string> { ["UPLOADER_CONFIG"] = _folder.Combine("env.json") };

        Assert.Equal(_folder.Combine("cli.json"), SettingsLoader.ResolveConfigPath(_folder.Combine("cli.json"), environment));
        Assert.Equal(_folder.Combine("env.json"), SettingsLoader.ResolveConfigPath(null, environment));
        Assert.Equal(Path.GetFullPath("config.json"), SettingsLoader.ResolveConfigPath(null, NoEnvironment));
    }

    [Theory]
    [InlineData("max_chunks", "\"abc\"")]
    [InlineData("max_chunks", "0")]
    [InlineData("port", "70000")]
    [InlineData("port", "\"http\"")]
    [InlineData("max_chunk_size", "1.5")]
    [InlineData("on_conflict", "\"sometimes\"")]
    [InlineData("enable_auth", "\"maybe\"")]
    [InlineData("listen_address", "\"example.com\"")]
    [InlineData("allowed_extensions", "\"txt\"")]
    [InlineData("upload_dir", "\"  \"")]
    [InlineData("log_level", "\"loud\"")]
    [InlineData("log_format", "\"xml\"")]
    [InlineData("retry_max_attempts", "-1")]
    [InlineData("max_concurrent_connections", "0")]
    [InlineData("max_connections_per_client", "-1")]
    [InlineData("keep_alive_timeout", "0")]
    [InlineData("min_upload_rate", "0")]
    [InlineData("upload_queue_timeout", "0")]
    [InlineData("max_uploads_per_client", "-1")]
    [InlineData("database_provider", "\"mysql\"")]
    [InlineData("instance_id", "\"web 1\"")]
    [InlineData("instance_id", "7")]
    [InlineData("lease_seconds", "0")]
    [InlineData("session_hours", "0")]
    [InlineData("trusted_proxies", "\"127.0.0.1\"")]
    [InlineData("trusted_proxies", "[\"10.0.0.1/8\"]")]
    [InlineData("trusted_proxies", "[\"proxy.example\"]")]
    [InlineData("trusted_proxies", "[\"127.0.0.1/33\"]")]
    public void Bad_value_names_its_key(string key, string json)
    {
        var error = Assert.Throws<SettingsException>(() => Load($"{{\"{key}\": {json}}}", NoEnvironment));

        Assert.Equal(key, error.Key);
        Assert.Contains($"'{key}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_instance_id_stands_for_the_host_name_and_the_port_and_a_given_one_is_kept()
    {
        var derived = Load("{\"port\": 18202}", NoEnvironment);
        var named = Load("{\"port\": 18202, \"instance_id\": \"web-1\"}", NoEnvironment);

        Assert.Equal($"{Environment.MachineName}:18202", derived.InstanceId);
        Assert.Equal("web-1", named.InstanceId);
        Assert.Equal(TimeSpan.FromSeconds(30), named.ToLeasePolicy().Length);
        Assert.Equal("web-1", named.ToLeasePolicy().InstanceId);
    }

    [Fact]
    public void Trusted_proxy_with_host_bits_names_the_network_it_probably_means()
    {
        var error = Assert.Throws<SettingsException>(() => Load("{\"trusted_proxies\": [\"10.1.2.3/8\"]}", NoEnvironment));

        Assert.Contains("'10.1.2.3/8'", error.Message, StringComparison.Ordinal);
        Assert.Contains("10.0.0.0/8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trusted_proxies_take_addresses_and_networks_from_the_file_or_the_environment()
    {
        Assert.Equal(
            ["127.0.0.1", "10.0.0.0/8", "fd00::/8"],
            Load("{\"trusted_proxies\": [\"127.0.0.1\", \"10.0.0.0/8\", \" fd00::/8 \"]}", NoEnvironment).TrustedProxies);
        Assert.Equal(
            ["192.0.2.1", "198.51.100.0/24"],
            Load("{}", new Dictionary<string, string> { ["UPLOADER_TRUSTED_PROXIES"] = "192.0.2.1, 198.51.100.0/24" }).TrustedProxies);
    }

    [Fact]
    public void Bad_environment_value_names_its_key()
    {
        var error = Assert.Throws<SettingsException>(() =>
            Load("{}", new Dictionary<string, string> { ["UPLOADER_CONCURRENT_UPLOADS"] = "many" }));

        Assert.Equal("concurrent_uploads", error.Key);
    }

    [Theory]
    [InlineData("{ \"port\": ")]
    [InlineData("[1, 2]")]
    public void Config_that_is_not_a_json_object_is_refused(string text)
    {
        var error = Assert.Throws<SettingsException>(() => Load(text, NoEnvironment));

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max_chunks", "\"abc\"")]
    [InlineData("port", "70000")]
    public async Task Host_does_not_start_with_a_bad_value(string key, string json)
    {
        var path = TestConfig.WriteInto(_folder, config => config[key] = JsonNode.Parse(json));

        var error = await Assert.ThrowsAsync<SettingsException>(() => UploaderHost.BuildAsync(["--config", path]));

        Assert.Equal(key, error.Key);
        Assert.False(Directory.Exists(_folder.Combine("data")), "nothing is created before the config is valid");
    }

    [Fact]
    public async Task Server_process_with_a_bad_value_exits_non_zero_naming_the_key()
    {
        var path = TestConfig.WriteInto(_folder, config => config["port"] = 70000);
        using var server = ServerProcess.Start(path);

        var exitCode = 0;
        await server.ExplainFailuresAsync(async () => exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        Assert.True(exitCode != 0, server.Explain());
        Assert.Contains("config key 'port'", server.Output, StringComparison.Ordinal);
    }

    /// <summary>Issue 9, item 14: a typo is named with the key it most likely meant.</summary>
    [Theory]
    [InlineData("databse_provider", "database_provider", true)]
    [InlineData("max_chunk", "max_chunks", true)]
    [InlineData("Port", "port", true)]
    [InlineData("min-upload-rate", "min_upload_rate", true)]
    [InlineData("trusted_proxy", "trusted_proxies", true)]
    [InlineData("favourite_colour", null, false)]
    public void Unknown_key_is_kept_with_the_nearest_known_key(string key, string? nearest, bool nearestIsSupported)
    {
        var settings = Load($$"""{"port": 9000, "{{key}}": 1}""", NoEnvironment);

        var unknown = Assert.Single(settings.UnknownKeys);
        Assert.Equal(new UnknownConfigKey(key, nearest, nearestIsSupported), unknown);
        Assert.Equal(9000, settings.Port);
    }

    [Fact]
    public async Task Server_process_warns_about_an_unknown_key_naming_the_nearest_and_starts()
    {
        using var server = await ProcessServer.StartAsync(config => config["databse_provider"] = "sqlite");

        await server.ExplainFailuresAsync(async () =>
        {
            var warning = Assert.Single(new ServerLog(server.Process, fromStart: true).Entries("WRN"), l => l.Contains("databse_provider", StringComparison.Ordinal));
            Assert.Contains("did you mean 'database_provider'?", warning, StringComparison.Ordinal);

            using var api = server.Api(TimeSpan.FromSeconds(60));
            using var system = JsonDocument.Parse(await api.Http.GetStringAsync(new Uri("go-uploader/system", UriKind.Relative)));
            Assert.Equal(
                ["databse_provider"],
                system.RootElement.GetProperty("config").GetProperty("unknown_keys").EnumerateArray().Select(k => k.GetString()));
        });
    }

    /// <summary>The start-up line names the store as /system does: on PostgreSQL without the connection string's password.</summary>
    [Fact]
    public async Task Server_process_logs_where_its_tasks_are_and_never_the_database_password()
    {
        using var server = await ProcessServer.StartAsync(config => config["log_level"] = "info");
        var store = new TaskStoreSetting(server.ConfigPath);

        await server.ExplainFailuresAsync(() =>
        {
            var started = Assert.Single(new ServerLog(server.Process, fromStart: true).Entries("INF"), l => l.Contains("tasks in", StringComparison.Ordinal));
            Assert.EndsWith($"tasks in {store.Shown}", started.TrimEnd(), StringComparison.Ordinal);
            if (store.Password is { } password)
            {
                Assert.DoesNotContain(password, server.Process.Output, StringComparison.Ordinal);
            }

            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Server_process_with_an_unknown_key_and_a_value_of_the_wrong_type_exits_non_zero()
    {
        var path = TestConfig.WriteInto(_folder, config =>
        {
            config["databse_provider"] = "sqlite";
            config["max_chunks"] = "many";
        });
        using var server = ServerProcess.Start(path);

        var exitCode = 0;
        await server.ExplainFailuresAsync(async () => exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        Assert.True(exitCode != 0, server.Explain());
        Assert.Contains("config key 'max_chunks'", server.Output, StringComparison.Ordinal);
    }

    /// <summary>The settings as JSON, with the paths relative to the config folder they were resolved against.</summary>
    private static string Comparable(UploaderSettings settings)
    {
        var folder = Path.GetDirectoryName(settings.ConfigPath)!;
        return JsonSerializer.Serialize(settings with
        {
            ConfigPath = string.Empty,
            UploadDir = Path.GetRelativePath(folder, settings.UploadDir),
            MergedDir = Path.GetRelativePath(folder, settings.MergedDir),
            Database = Path.GetRelativePath(folder, settings.Database),
        });
    }

    private UploaderSettings Load(string json, IDictionary environment)
    {
        var path = _folder.Combine("config.json");
        File.WriteAllText(path, json);
        return SettingsLoader.Load(path, environment, TextWriter.Null);
    }
}
