using Uploader.Application.Ports;
using Uploader.Application.Storage;

namespace Uploader.Infrastructure.Storage;

/// <summary>Free and total bytes of the volumes that hold the two configured folders.</summary>
public sealed class DriveStorageSpace(StorageLayout layout) : IStorageSpace
{
    public StorageVolume Uploads() => Measure(layout.UploadDir);

    public StorageVolume Merged() => Measure(layout.MergedDir);

    private static StorageVolume Measure(string folder)
    {
        var drive = new DriveInfo(folder);
        return new StorageVolume(folder, drive.AvailableFreeSpace, drive.TotalSize);
    }
}
