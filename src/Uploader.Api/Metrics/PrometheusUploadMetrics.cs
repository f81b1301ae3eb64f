using Prometheus;
using Uploader.Api.Problems;
using Uploader.Application.Ports;

namespace Uploader.Api.Metrics;

/// <summary>
/// The upload path's counters and merge histogram, in the application's own Prometheus registry.
/// </summary>
/// <remarks>
/// These are prometheus-net's own types, not System.Diagnostics.Metrics instruments exported through its
/// MeterAdapter: the adapter (8.2.1) exports every .NET counter as a gauge and deletes a series after five
/// minutes without a measurement, so an idle `_total` counter would vanish and restart from zero.
/// </remarks>
public sealed class PrometheusUploadMetrics : IUploadMetrics
{
    public const string MergeResultOk = "ok";

    /// <summary>Seconds: a merge of a few small chunks up to one of many GiB.</summary>
    private static readonly double[] MergeBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    private readonly Counter _chunks;
    private readonly Counter _bytes;
    private readonly Counter _tusBytes;
    private readonly Counter _chunkFailures;
    private readonly Counter _chunksAborted;
    private readonly Counter _merges;
    private readonly Histogram _mergeDuration;

    public PrometheusUploadMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _chunks = factory.CreateCounter("uploader_chunks_received_total", "Chunks accepted by upload_chunk.");
        _bytes = factory.CreateCounter("uploader_bytes_received_total", "Bytes of the chunks accepted by upload_chunk.");
        _tusBytes = factory.CreateCounter(
            "uploader_tus_bytes_received_total", "Bytes of tus PATCH (and creation-with-upload) bodies kept: stored as chunks or as an upload's tail.");
        _chunkFailures = factory.CreateCounter(
            "uploader_chunk_failures_total", "upload_chunk requests answered with an error, by the contract's error code.", "code");
        _chunksAborted = factory.CreateCounter(
            "uploader_chunks_aborted_total", "upload_chunk requests whose client went away before the body was whole (not failures: nobody was answered).");
        _merges = factory.CreateCounter("uploader_merges_total", "merge_chunks commands by result: ok or the contract's error code.", "result");
        _mergeDuration = factory.CreateHistogram(
            "uploader_merge_duration_seconds",
            "Duration of merge_chunks commands, refused ones included.",
            new HistogramConfiguration { Buckets = MergeBuckets });

        // A series that exists from the start reads 0 instead of missing until the first merge.
        _merges.WithLabels(MergeResultOk).Publish();
    }

    /// <summary>An upload_chunk accepted: stored, or already stored with the same bytes.</summary>
    public void ChunkReceived(long bytes)
    {
        _chunks.Inc();
        _bytes.Inc(bytes);
    }

    /// <summary>Bytes of a tus body kept (a whole chunk's share of it, or the tail it ended in).</summary>
    public void TusBytesReceived(long bytes) => _tusBytes.Inc(bytes);

    /// <summary>An upload_chunk answered with the error <paramref name="code"/>.</summary>
    public void ChunkRefused(string code) => _chunkFailures.WithLabels(code).Inc();

    /// <summary>An upload_chunk whose client closed or reset the connection mid-body.</summary>
    public void ChunkAborted() => _chunksAborted.Inc();

    public void MergeFinished(TimeSpan duration, Exception? failure)
    {
        if (failure is OperationCanceledException)
        {
            // The client went away before the merge was claimed: no answer was given, so there is no result to count.
            return;
        }

        _merges.WithLabels(failure is null ? MergeResultOk : ProblemCatalog.CodeOf(failure)).Inc();
        _mergeDuration.Observe(duration.TotalSeconds);
    }
}
