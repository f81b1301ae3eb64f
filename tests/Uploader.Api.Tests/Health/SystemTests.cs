using System.Reflection;
using System.Text.Json;
using Uploader.Api.Configuration;

namespace Uploader.Api.Tests;

/// <summary>GET /go-uploader/system: key required; runtime, effective config without the key, task counts, disk.</summary>
public sealed class SystemTests
{
    private const int ChunkSize = 1000;

    [Fact]
    public async Task System_needs_the_key()
    {
        await using var factory = new UploaderFactory();
        using var anonymous = factory.CreateClient();
        using var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Secret-Key", "wrong-key");

        await anonymous.GetAsync(new Uri("go-uploader/system", UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");
        await wrong.GetAsync(new Uri("go-uploader/system", UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task Task_counts_cover_every_status_and_match_the_uploads()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var completed = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(completed);
        await api.MergeOkAsync(completed);
        var partial = SourceFile.Random(3 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(partial, [0, 2]);
        var full = SourceFile.Random(ChunkSize + 10, ChunkSize);
        await api.UploadAllAsync(full);
        var paused = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(paused, [1]);
        await api.PauseAsync(paused.FileId).ExpectOkAsync();

        var system = await SystemAsync(api);

        var tasks = system.GetProperty("tasks");
        Assert.Equal(4, tasks.Number("total"));
        var byStatus = tasks.GetProperty("by_status");
        Assert.Equal(
            [("completed", 1L), ("failed", 0L), ("merging", 0L), ("paused", 1L), ("uploading", 2L)],
            byStatus.EnumerateObject().Select(s => (s.Name, s.Value.GetInt64())).Order());

        // Stored chunks of tasks not completed: 2 of partial, all of full, 1 of paused; the merged task holds none.
        Assert.Equal((2 * ChunkSize) + ChunkSize + 10 + ChunkSize, system.GetProperty("disk").Number("unfinished_upload_bytes"));
    }

    [Fact]
    public async Task Config_shows_every_setting_in_force_but_never_the_key()
    {
        await using var factory = UploaderFactory.With(config => config["max_chunks"] = 321);
        using var api = factory.CreateApi();

        using var response = await api.Http.GetAsync(new Uri("go-uploader/system", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(UploaderFactory.SecretKey, body, StringComparison.Ordinal);
        var config = JsonDocument.Parse(body).RootElement.GetProperty("config");
        Assert.Equal("***", config.Str("secret_key"));
        Assert.Equal(321, config.Number("max_chunks"));
        Assert.Equal(factory.UploadDir, config.Str("upload_dir"));
        Assert.Equal(factory.ConfigPath, config.Str("config_path"));
        Assert.Equal("rename", config.Str("on_conflict"));
        Assert.Equal(JsonValueKind.Array, config.GetProperty("allowed_extensions").ValueKind);
        Assert.Equal($"{Environment.MachineName}:18101", config.Str("instance_id"));
        foreach (var setting in SettingNames())
        {
            Assert.True(config.Has(setting), $"config lacks '{setting}': {config}");
        }
    }

    /// <summary>
    /// The store in force, on either provider: SQLite's file, or PostgreSQL's host, port, database and user without
    /// the password the configured connection string carries.
    /// </summary>
    [Fact]
    public async Task Config_shows_the_database_provider_and_where_the_tasks_are_but_never_a_password()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var configured = new TaskStoreSetting(factory.ConfigPath);

        var body = await api.Http.GetStringAsync(new Uri("go-uploader/system", UriKind.Relative));

        var config = JsonDocument.Parse(body).RootElement.GetProperty("config");
        Assert.Equal(configured.Provider, config.Str("database_provider"));
        Assert.Equal(configured.Shown, config.Str("database"));
        if (configured.Password is { } password)
        {
            Assert.DoesNotContain(password, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_generated_key_is_neither_shown_nor_hinted_at()
    {
        await using var factory = UploaderFactory.With(config => config["secret_key"] = "");
        _ = factory.Services; // starts the server, which generates the key file
        var key = (await File.ReadAllTextAsync(Path.Combine(factory.DataDir, "secret.key"))).Trim();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Secret-Key", key);

        using var response = await client.GetAsync(new Uri("go-uploader/system", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body);
        Assert.DoesNotContain(key, body, StringComparison.Ordinal);
        Assert.Equal(string.Empty, JsonDocument.Parse(body).RootElement.GetProperty("config").Str("secret_key"));
    }

    [Fact]
    public async Task Disk_usage_of_both_volumes_comes_from_the_storage_space()
    {
        await using var factory = new UploaderFactory();
        var space = FakeStorageSpace.InstallIn(factory);
        space.UploadFreeBytes = 123_456_789;
        space.MergedFreeBytes = FakeStorageSpace.TotalBytes / 10;
        using var api = factory.CreateApi();

        var disk = (await SystemAsync(api)).GetProperty("disk");

        var upload = disk.GetProperty("upload");
        Assert.Equal(factory.UploadDir, upload.Str("path"));
        Assert.Equal(123_456_789, upload.Number("free_bytes"));
        Assert.Equal(FakeStorageSpace.TotalBytes, upload.Number("total_bytes"));
        var merged = disk.GetProperty("merged");
        Assert.Equal(factory.MergedDir, merged.Str("path"));
        Assert.Equal(90.0, merged.GetProperty("usage_percent").GetDouble());
        Assert.Equal(0, disk.Number("unfinished_upload_bytes"));
    }

    [Fact]
    public async Task A_vanished_folder_leaves_its_volume_out_but_the_answer_stands()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        await SystemAsync(api);
        Directory.Delete(factory.UploadDir, recursive: true);

        var disk = (await SystemAsync(api)).GetProperty("disk");

        Assert.Equal(JsonValueKind.Null, disk.GetProperty("upload").ValueKind);
        Assert.Equal(factory.Stored.MergedVolume, disk.GetProperty("merged").Str("path"));
    }

    [Fact]
    public async Task Runtime_figures_describe_this_process()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();

        var runtime = (await SystemAsync(api)).GetProperty("runtime");

        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, runtime.Str("dotnet"));
        Assert.Equal(Environment.ProcessId, runtime.Number("process_id"));
        Assert.False(string.IsNullOrWhiteSpace(runtime.Str("os")));
        Assert.False(string.IsNullOrWhiteSpace(runtime.Str("version")));
        Assert.True(runtime.GetProperty("uptime_seconds").GetDouble() >= 0);
        Assert.True(runtime.Number("thread_count") > 0);
        Assert.True(runtime.Number("working_set_bytes") > 0);
        var gc = runtime.GetProperty("gc");
        Assert.True(gc.Number("heap_size_bytes") >= 0);
        Assert.Equal(["gen0", "gen1", "gen2"], gc.GetProperty("collections").EnumerateObject().Select(g => g.Name).Order());
    }

    private static Task<JsonElement> SystemAsync(UploaderApi api) =>
        api.Http.GetAsync(new Uri("go-uploader/system", UriKind.Relative)).ExpectOkAsync();

    /// <summary>Every public property of the settings, as its config.json key.</summary>
    private static IEnumerable<string> SettingNames() =>
        typeof(UploaderSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));
}
