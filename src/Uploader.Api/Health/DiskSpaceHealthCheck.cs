using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uploader.Application.Ports;
using Uploader.Application.Storage;

namespace Uploader.Api.Health;

/// <summary>
/// The volumes holding upload_dir and merged_dir against the operator's thresholds: a warning above
/// disk_warning_percent or below min_free_disk_bytes (new uploads are refused there), unhealthy below the
/// hard floor (every write is refused). The top-level figures are those of the volume that sets the status.
/// </summary>
public sealed class DiskSpaceHealthCheck(IStorageSpace space, DiskThresholds thresholds) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        StorageVolume upload;
        StorageVolume merged;
        try
        {
            upload = space.Uploads();
            merged = space.Merged();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The free space cannot be read ({ex.GetType().Name}).", ex));
        }

        var judged = new[] { Judge("upload", upload), Judge("merged", merged) };

        // Worst status first; between equals the volume with less room left.
        var decisive = judged.OrderBy(j => j.Status).ThenBy(j => j.Volume.FreeBytes).First();
        var data = new Dictionary<string, object>
        {
            ["free_bytes"] = decisive.Volume.FreeBytes,
            ["total_bytes"] = decisive.Volume.TotalBytes,
            ["usage_percent"] = decisive.Volume.UsagePercent,
            ["upload"] = VolumeFigures.Of(upload),
            ["merged"] = VolumeFigures.Of(merged),
            ["warning_percent"] = thresholds.WarningPercent,
            ["min_free_bytes"] = thresholds.MinFreeBytes,
            ["hard_floor_bytes"] = thresholds.HardFloorBytes,
        };
        return Task.FromResult(new HealthCheckResult(decisive.Status, decisive.Reason, data: data));
    }

    private Judgement Judge(string name, StorageVolume volume)
    {
        var free = volume.FreeBytes;
        if (volume.FreeBytes < thresholds.HardFloorBytes)
        {
            return new(HealthStatus.Unhealthy, volume,
                $"The {name} volume has {free} bytes free, below the hard floor of {thresholds.HardFloorBytes} bytes: every write is refused.");
        }

        if (volume.FreeBytes < thresholds.MinFreeBytes)
        {
            return new(HealthStatus.Degraded, volume,
                $"The {name} volume has {free} bytes free, below min_free_disk_bytes {thresholds.MinFreeBytes}: new uploads are refused.");
        }

        if (volume.UsagePercent > thresholds.WarningPercent)
        {
            return new(HealthStatus.Degraded, volume,
                $"The {name} volume is {volume.UsagePercent}% used, above disk_warning_percent {thresholds.WarningPercent}.");
        }

        return new(HealthStatus.Healthy, volume, "Both volumes have room above the floors and the warning level.");
    }

    private sealed record Judgement(HealthStatus Status, StorageVolume Volume, string Reason);
}
