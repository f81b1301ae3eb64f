using Prometheus;
using Uploader.Application.Ports;
using Uploader.Application.Storage;

namespace Uploader.Api.Metrics;

/// <summary>uploader_disk_free_bytes{dir}: free bytes of the volumes holding upload_dir ("upload") and merged_dir ("merged"), read at each scrape.</summary>
public sealed partial class DiskFreeGauge
{
    private readonly Gauge _free;
    private readonly IStorageSpace _space;
    private readonly ILogger<DiskFreeGauge> _logger;

    public DiskFreeGauge(CollectorRegistry registry, IStorageSpace space, ILogger<DiskFreeGauge> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _space = space;
        _logger = logger;
        _free = Prometheus.Metrics.WithCustomRegistry(registry)
            .CreateGauge("uploader_disk_free_bytes", "Bytes this process may still write on the volume of upload_dir or merged_dir.", "dir");
        registry.AddBeforeCollectCallback(Refresh);
    }

    private void Refresh()
    {
        Set("upload", _space.Uploads);
        Set("merged", _space.Merged);
    }

    private void Set(string dir, Func<StorageVolume> measure)
    {
        try
        {
            _free.WithLabels(dir).Set(measure().FreeBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A vanished folder is the health check's to report; the scrape keeps the last value.
            LogMeasureFailed(ex, dir);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read free space of the {Dir} folder for uploader_disk_free_bytes")]
    private partial void LogMeasureFailed(Exception exception, string dir);
}
