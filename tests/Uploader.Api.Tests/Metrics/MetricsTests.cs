using System.Net;

namespace Uploader.Api.Tests;

/// <summary>
/// GET /go-uploader/metrics over the real pipeline. Each server has its own registry, and the tests of one class
/// run one after another, so the differences between two scrapes are exactly what a test did.
/// </summary>
public sealed class MetricsTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 1000;
    private const string Chunks = "uploader_chunks_received_total";
    private const string Bytes = "uploader_bytes_received_total";
    private const string Failures = "uploader_chunk_failures_total";
    private const string Merges = "uploader_merges_total";
    private const string MergeDurationCount = "uploader_merge_duration_seconds_count";

    [Fact]
    public async Task Metrics_without_a_key_is_unauthorized()
    {
        using var client = factory.CreateClient();

        await client.GetAsync(new Uri(MetricsScrape.Path, UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");
    }

    [Fact]
    public async Task Metrics_with_the_key_as_bearer_token_is_prometheus_text()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", UploaderFactory.SecretKey);

        using var response = await client.GetAsync(new Uri(MetricsScrape.Path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(metrics.Has(Chunks), metrics.Text);
    }

    [Fact]
    public async Task Swagger_describes_metrics_as_keyed_text()
    {
        using var client = factory.CreateClient();

        var document = await client.GetAsync(new Uri("swagger/v1/swagger.json", UriKind.Relative)).ExpectOkAsync();

        var get = document.GetProperty("paths").GetProperty("/go-uploader/metrics").GetProperty("get");
        Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").Has("text/plain"), get.ToString());
        Assert.True(get.GetProperty("responses").Has("401"), get.ToString());
        Assert.True(get.Has("security"), get.ToString());
    }

    [Fact]
    public async Task Every_contract_family_is_exported_with_its_type()
    {
        using var api = factory.CreateApi();
        await api.StatusAsync("no-such-task").ExpectProblemAsync(404, "task_not_found");

        var metrics = await api.ScrapeAsync();

        Assert.Equal("counter", metrics.TypeOf(Chunks));
        Assert.Equal("counter", metrics.TypeOf(Bytes));
        Assert.Equal("counter", metrics.TypeOf(Failures));
        Assert.Equal("counter", metrics.TypeOf(Merges));
        Assert.Equal("histogram", metrics.TypeOf("uploader_merge_duration_seconds"));
        Assert.Equal("gauge", metrics.TypeOf("uploader_tasks"));
        Assert.Equal("gauge", metrics.TypeOf("uploader_disk_free_bytes"));
        foreach (var status in new[] { "uploading", "paused", "merging", "completed", "failed" })
        {
            Assert.True(metrics.Has("uploader_tasks", ("status", status)), $"no uploader_tasks{{status=\"{status}\"}} in\n{metrics.Text}");
        }

        Assert.True(metrics.Value("uploader_disk_free_bytes", ("dir", "upload")) > 0, metrics.Text);
        Assert.True(metrics.Value("uploader_disk_free_bytes", ("dir", "merged")) > 0, metrics.Text);
        Assert.True(metrics.Has(Merges, ("result", "ok")), metrics.Text);
        Assert.Equal("gauge", metrics.TypeOf("uploader_instance_info"));
        Assert.Equal(1, metrics.Value("uploader_instance_info", ("instance_id", $"{Environment.MachineName}:18101")));
    }

    [Fact]
    public async Task Http_and_runtime_families_are_exported()
    {
        using var api = factory.CreateApi();
        await api.StatusAsync("no-such-task").ExpectProblemAsync(404, "task_not_found");

        var metrics = await api.ScrapeAsync();

        Assert.Equal("counter", metrics.TypeOf("http_requests_received_total"));
        Assert.Equal("histogram", metrics.TypeOf("http_request_duration_seconds"));
        Assert.Equal("gauge", metrics.TypeOf("http_requests_in_progress"));
        Assert.Equal("counter", metrics.TypeOf("process_cpu_seconds_total"));
        Assert.Equal("gauge", metrics.TypeOf("process_working_set_bytes"));
        Assert.Equal("counter", metrics.TypeOf("dotnet_collection_count_total"));
        Assert.Equal("gauge", metrics.TypeOf("dotnet_total_memory_bytes"));
        Assert.Contains("code=\"404\"", metrics.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepted_chunks_add_exactly_their_count_and_bytes()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 345, ChunkSize);
        var before = await api.ScrapeAsync();

        await api.UploadAllAsync(file);

        var after = await api.ScrapeAsync();
        Assert.Equal(3, after.Value(Chunks) - before.Value(Chunks));
        Assert.Equal(file.Bytes.Length, after.Value(Bytes) - before.Value(Bytes));
    }

    [Fact]
    public async Task Checksum_mismatch_is_counted_by_its_code_and_not_as_received()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        var before = await api.ScrapeAsync();

        await api.UploadAsync(file.Request(0) with { Md5 = new string('0', 32) }).ExpectProblemAsync(422, "checksum_mismatch");

        var after = await api.ScrapeAsync();
        Assert.Equal(1, after.Value(Failures, ("code", "checksum_mismatch")) - before.ValueOrZero(Failures, ("code", "checksum_mismatch")));
        Assert.Equal(before.Value(Chunks), after.Value(Chunks));
        Assert.Equal(before.Value(Bytes), after.Value(Bytes));

        // The HTTP metrics label a refused request with its endpoint, like an accepted one.
        (string, string)[] refused =
        [
            ("code", "422"), ("method", "POST"), ("controller", "Uploads"), ("action", "UploadChunk"),
            ("endpoint", "go-uploader/upload_chunk"),
        ];
        Assert.Equal(1, after.Value("http_requests_received_total", refused) - before.ValueOrZero("http_requests_received_total", refused));
    }

    [Fact]
    public async Task Oversized_chunk_refused_while_staging_is_counted_as_chunk_too_large()
    {
        using var api = factory.CreateApi();
        var tooLarge = TestConfig.Default(UploaderFactory.SecretKey)["max_chunk_size"]!.GetValue<int>() + 1;
        var file = SourceFile.Random(tooLarge, tooLarge);
        var before = await api.ScrapeAsync();

        await api.UploadAsync(file.Request(0)).ExpectProblemAsync(413, "chunk_too_large");

        var after = await api.ScrapeAsync();
        Assert.Equal(1, after.Value(Failures, ("code", "chunk_too_large")) - before.ValueOrZero(Failures, ("code", "chunk_too_large")));
    }

    [Fact]
    public async Task Merge_is_counted_as_ok_and_observed_in_the_duration_histogram()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((3 * ChunkSize) + 1, ChunkSize);
        await api.UploadAllAsync(file);
        var before = await api.ScrapeAsync();

        await api.MergeOkAsync(file);

        var after = await api.ScrapeAsync();
        Assert.Equal(1, after.Value(Merges, ("result", "ok")) - before.Value(Merges, ("result", "ok")));
        Assert.Equal(1, after.Value(MergeDurationCount) - before.Value(MergeDurationCount));
        Assert.Equal(1, after.Value("uploader_merge_duration_seconds_bucket", ("le", "+Inf")) - before.Value("uploader_merge_duration_seconds_bucket", ("le", "+Inf")));
    }

    [Fact]
    public async Task Refused_merge_is_counted_by_its_code()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(3 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(file, [0, 2]);
        var before = await api.ScrapeAsync();

        await api.MergeAsync(file.FileId).ExpectProblemAsync(400, "chunks_missing");

        var after = await api.ScrapeAsync();
        Assert.Equal(1, after.Value(Merges, ("result", "chunks_missing")) - before.ValueOrZero(Merges, ("result", "chunks_missing")));
        Assert.Equal(before.Value(Merges, ("result", "ok")), after.Value(Merges, ("result", "ok")));
        Assert.Equal(1, after.Value(MergeDurationCount) - before.Value(MergeDurationCount));
    }
}
