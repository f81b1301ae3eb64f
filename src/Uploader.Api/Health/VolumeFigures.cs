using Uploader.Application.Storage;

namespace Uploader.Api.Health;

/// <summary>One volume as the disk_space check reports it; without its path, since health is public.</summary>
public sealed record VolumeFigures(long FreeBytes, long TotalBytes, double UsagePercent)
{
    public static VolumeFigures Of(StorageVolume volume) => new(volume.FreeBytes, volume.TotalBytes, volume.UsagePercent);
}
