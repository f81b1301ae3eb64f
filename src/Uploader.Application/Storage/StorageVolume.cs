namespace Uploader.Application.Storage;

/// <summary>
/// How much room one store has, as measured at one instant: the value the disk guard, system info, the disk
/// health check and the free-space gauge judge. <see cref="Ports.IStorageSpace"/> measures it.
/// </summary>
/// <param name="Path">The folder the figures are for.</param>
/// <param name="FreeBytes">Bytes this process may still write there.</param>
/// <param name="TotalBytes">Size of the volume.</param>
public sealed record StorageVolume(string Path, long FreeBytes, long TotalBytes)
{
    public double UsagePercent => TotalBytes <= 0 ? 0 : Math.Round((TotalBytes - FreeBytes) * 100.0 / TotalBytes, 2);
}
