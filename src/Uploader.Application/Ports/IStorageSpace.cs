namespace Uploader.Application.Ports;

/// <summary>
/// How much room the stores have. The file-system adapter reads the volumes holding upload_dir and
/// merged_dir; an object-store adapter would report no limit.
/// </summary>
public interface IStorageSpace
{
    StorageVolume Uploads();

    StorageVolume Merged();
}

/// <param name="Path">The folder the figures are for.</param>
/// <param name="FreeBytes">Bytes this process may still write there.</param>
/// <param name="TotalBytes">Size of the volume.</param>
public sealed record StorageVolume(string Path, long FreeBytes, long TotalBytes)
{
    public double UsagePercent => TotalBytes <= 0 ? 0 : Math.Round((TotalBytes - FreeBytes) * 100.0 / TotalBytes, 2);
}
