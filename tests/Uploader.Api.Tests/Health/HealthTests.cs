using System.Globalization;
using System.Net;

namespace Uploader.Api.Tests;

/// <summary>
/// /health and /health/ready over real HTTP, without a key. Thresholds in these tests: min_free_disk_bytes
/// 1,000,000 (hard floor 500,000) and disk_warning_percent 90; the free space comes from a fake.
/// </summary>
public sealed class HealthTests
{
    private const long MinFree = 1_000_000;
    private const long HardFloor = MinFree / 2;

    private static readonly string[] CheckNames = TestStorage.IsS3
        ? ["database", "upload_dir", "merged_dir", "disk_space", "bucket"]
        : ["database", "upload_dir", "merged_dir", "disk_space"];

    [Fact]
    public async Task Healthy_server_reports_all_four_checks_with_the_disk_figures()
    {
        await using var server = Server();
        server.Space.UploadFreeBytes = FakeStorageSpace.TotalBytes / 2;
        server.Space.MergedFreeBytes = FakeStorageSpace.TotalBytes / 4;

        var health = await server.HealthAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", health.Str("status"));
        var timestamp = DateTime.Parse(health.Str("timestamp")!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(DateTimeKind.Utc, timestamp.Kind);
        var checks = health.GetProperty("checks");
        Assert.Equal(CheckNames.Order(), checks.EnumerateObject().Select(c => c.Name).Order());
        foreach (var name in CheckNames)
        {
            Assert.Equal("healthy", checks.GetProperty(name).Str("status"));
            Assert.False(string.IsNullOrWhiteSpace(checks.GetProperty(name).Str("description")), name);
        }

        // The top level is the volume with less room when both are healthy: merged here.
        var disk = checks.GetProperty("disk_space");
        Assert.Equal(FakeStorageSpace.TotalBytes / 4, disk.Number("free_bytes"));
        Assert.Equal(FakeStorageSpace.TotalBytes, disk.Number("total_bytes"));
        Assert.Equal(75.0, disk.GetProperty("usage_percent").GetDouble());
        Assert.Equal(FakeStorageSpace.TotalBytes / 2, disk.GetProperty("upload").Number("free_bytes"));
        Assert.Equal(50.0, disk.GetProperty("upload").GetProperty("usage_percent").GetDouble());
        Assert.Equal(FakeStorageSpace.TotalBytes / 4, disk.GetProperty("merged").Number("free_bytes"));
        Assert.Equal(HardFloor, disk.Number("hard_floor_bytes"));
    }

    [Fact]
    public async Task Health_is_public_and_never_shows_server_paths_or_the_key()
    {
        await using var server = Server();

        using var client = server.Factory.CreateClient();
        using var response = await client.GetAsync(new Uri("go-uploader/health", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(server.Factory.Root, body, StringComparison.Ordinal);
        Assert.DoesNotContain(UploaderFactory.SecretKey, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_above_the_warning_percent_is_a_warning_that_keeps_the_server_ready()
    {
        await using var server = Server();
        server.Space.UploadFreeBytes = FakeStorageSpace.TotalBytes / 20;

        var health = await server.HealthAsync(HttpStatusCode.OK);

        Assert.Equal("warning", health.Str("status"));
        var disk = health.GetProperty("checks").GetProperty("disk_space");
        Assert.Equal("warning", disk.Str("status"));
        Assert.Equal(95.0, disk.GetProperty("usage_percent").GetDouble());
        Assert.Contains("upload", disk.Str("description"), StringComparison.Ordinal);
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("database").Str("status"));
        Assert.Equal("warning", (await server.ReadyAsync(HttpStatusCode.OK)).Str("status"));
    }

    [Fact]
    public async Task Free_space_below_min_free_disk_bytes_is_a_warning()
    {
        await using var server = Server();
        server.Space.MergedFreeBytes = MinFree - 1;

        var disk = (await server.HealthAsync(HttpStatusCode.OK)).GetProperty("checks").GetProperty("disk_space");

        Assert.Equal("warning", disk.Str("status"));
        Assert.Equal(MinFree - 1, disk.Number("free_bytes"));
        Assert.Contains("merged", disk.Str("description"), StringComparison.Ordinal);
        await server.ReadyAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Free_space_below_the_hard_floor_is_unhealthy_and_not_ready_but_still_live()
    {
        await using var server = Server();
        server.Space.UploadFreeBytes = HardFloor - 1;

        var health = await server.HealthAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("unhealthy", health.Str("status"));
        var disk = health.GetProperty("checks").GetProperty("disk_space");
        Assert.Equal("unhealthy", disk.Str("status"));
        Assert.Equal(HardFloor - 1, disk.Number("free_bytes"));
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("upload_dir").Str("status"));
        var ready = await server.ReadyAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", ready.Str("status"));
        Assert.Equal("alive", (await server.LiveAsync()).Str("status"));

        server.Space.UploadFreeBytes = HardFloor;
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("warning", (await server.HealthAsync(HttpStatusCode.OK)).Str("status"));
    }

    [Fact]
    public async Task A_health_report_is_reused_for_one_second_then_the_checks_run_again()
    {
        await using var server = Server();
        Assert.Equal("healthy", (await server.HealthAsync(HttpStatusCode.OK)).Str("status"));

        server.Space.UploadFreeBytes = HardFloor - 1;

        server.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("healthy", (await server.HealthAsync(HttpStatusCode.OK)).Str("status"));
        Assert.Equal("unhealthy", (await server.ReadyAsync(HttpStatusCode.ServiceUnavailable)).Str("status"));
        server.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("unhealthy", (await server.HealthAsync(HttpStatusCode.ServiceUnavailable)).Str("status"));
    }

    [Fact]
    public async Task A_cancelled_folder_check_leaves_no_probe_file()
    {
        using var folder = new TempFolder();
        var check = new Uploader.Api.Health.WritableFolderHealthCheck(folder.Path);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), new CancellationToken(canceled: true)));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Theory]
    [InlineData("upload_dir", "upload")]
    [InlineData("merged_dir", "merged")]
    public async Task A_folder_replaced_by_a_file_is_unhealthy_and_not_ready(string check, string folder)
    {
        await using var server = Server();
        Assert.Equal("healthy", (await server.HealthAsync(HttpStatusCode.OK)).Str("status"));

        // Permission bits do not stop root (CI runs as root); a file where the folder was stops everyone.
        var path = Path.Combine(server.Factory.Root, folder);
        Directory.Delete(path, recursive: true);
        await File.WriteAllTextAsync(path, "not a folder");
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        var health = await server.HealthAsync(HttpStatusCode.ServiceUnavailable);
        var checks = health.GetProperty("checks");
        Assert.Equal("unhealthy", checks.GetProperty(check).Str("status"));
        Assert.Equal("healthy", checks.GetProperty("database").Str("status"));
        var other = check == "upload_dir" ? "merged_dir" : "upload_dir";
        Assert.Equal("healthy", checks.GetProperty(other).Str("status"));
        Assert.DoesNotContain(server.Factory.Root, health.ToString(), StringComparison.Ordinal);
        await server.ReadyAsync(HttpStatusCode.ServiceUnavailable);
        await server.LiveAsync();
    }

    [Fact]
    public async Task The_probe_file_is_removed_after_each_check()
    {
        await using var server = Server();

        await server.HealthAsync(HttpStatusCode.OK);
        await server.ReadyAsync(HttpStatusCode.OK);

        Assert.Empty(Directory.GetFiles(server.Factory.UploadDir));
        Assert.Empty(Directory.GetFiles(server.Factory.MergedDir));
    }

    [Fact]
    public async Task The_probes_answer_without_a_key_even_with_auth_on()
    {
        await using var server = Server();

        foreach (var path in new[] { "go-uploader/health", "go-uploader/health/ready", "go-uploader/health/live" })
        {
            await server.ProbeAsync(path, HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("go-uploader/health")]
    [InlineData("go-uploader/health/ready")]
    public async Task The_probes_answer_get_only(string path)
    {
        await using var server = Server();
        using var client = server.Factory.CreateClient();

        await client.PostAsync(new Uri(path, UriKind.Relative), null).ExpectProblemAsync(405, "method_not_allowed");
    }

    [Fact]
    public async Task Swagger_describes_the_probes_as_public()
    {
        await using var server = Server();
        using var client = server.Factory.CreateClient();

        var document = await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/go-uploader/health", "/go-uploader/health/ready", "/go-uploader/health/live" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.False(get.Has("security"), $"{path} should be public: {get}");
        }

        var responses = paths.GetProperty("/go-uploader/health").GetProperty("get").GetProperty("responses");
        Assert.True(responses.Has("503"), responses.ToString());
        Assert.True(paths.GetProperty("/go-uploader/system").GetProperty("get").Has("security"));
    }

    private static HealthServer Server() => new(config =>
    {
        config["min_free_disk_bytes"] = MinFree;
        config["disk_warning_percent"] = 90;
    });
}
