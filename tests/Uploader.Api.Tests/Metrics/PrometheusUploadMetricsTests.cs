using System.Text;
using Prometheus;
using Uploader.Api.Metrics;
using Uploader.Domain.Errors;

namespace Uploader.Api.Tests;

public sealed class PrometheusUploadMetricsTests
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    [Fact]
    public async Task Merge_failure_is_counted_under_the_contract_code_of_its_exception()
    {
        var metrics = new PrometheusUploadMetrics(_registry);

        metrics.MergeFinished(TimeSpan.FromSeconds(2), new ChecksumMismatch("the file", new string('a', 32), new string('b', 32)));
        metrics.MergeFinished(TimeSpan.FromSeconds(1), new InvalidOperationException("a bug"));
        metrics.MergeFinished(TimeSpan.FromSeconds(3), null);

        var text = await ExportAsync();
        Assert.Equal(1, text.Value("uploader_merges_total", ("result", "checksum_mismatch")));
        Assert.Equal(1, text.Value("uploader_merges_total", ("result", "internal_error")));
        Assert.Equal(1, text.Value("uploader_merges_total", ("result", "ok")));
        Assert.Equal(3, text.Value("uploader_merge_duration_seconds_count"));
        Assert.Equal(6, text.Value("uploader_merge_duration_seconds_sum"));
        Assert.Equal(1, text.Value("uploader_merge_duration_seconds_bucket", ("le", "1")));
    }

    [Fact]
    public async Task Merge_cancelled_before_an_answer_is_not_counted()
    {
        var metrics = new PrometheusUploadMetrics(_registry);

        metrics.MergeFinished(TimeSpan.FromSeconds(1), new OperationCanceledException());

        var text = await ExportAsync();
        Assert.Equal(0, text.Value("uploader_merges_total", ("result", "ok")));
        Assert.Equal(0, text.Value("uploader_merge_duration_seconds_count"));
    }

    [Fact]
    public async Task Chunks_add_up_their_count_and_bytes_and_refusals_their_code()
    {
        var metrics = new PrometheusUploadMetrics(_registry);

        metrics.ChunkReceived(100);
        metrics.ChunkReceived(23);
        metrics.ChunkRefused("task_paused");

        var text = await ExportAsync();
        Assert.Equal(2, text.Value("uploader_chunks_received_total"));
        Assert.Equal(123, text.Value("uploader_bytes_received_total"));
        Assert.Equal(1, text.Value("uploader_chunk_failures_total", ("code", "task_paused")));
    }

    private async Task<PrometheusText> ExportAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return PrometheusText.Parse(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
