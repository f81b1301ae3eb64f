namespace Uploader.Api.Health;

/// <param name="WarningPercent">Usage above which the disk is a warning (config `disk_warning_percent`).</param>
/// <param name="MinFreeBytes">Free bytes below which new tasks are refused, also a warning (config `min_free_disk_bytes`).</param>
/// <param name="HardFloorBytes">Free bytes below which every write is refused: unhealthy, not ready.</param>
public sealed record DiskThresholds(int WarningPercent, long MinFreeBytes, long HardFloorBytes);
