using Uploader.Application.Ports;
using Uploader.Application.Storage;

namespace Uploader.Infrastructure.Tests;

/// <summary>Free space the test sets, per volume; plenty until a test says otherwise.</summary>
public sealed class FakeStorageSpace(string uploadDir, string mergedDir) : IStorageSpace
{
    public const long TotalBytes = 1L << 40;

    public long UploadFreeBytes { get; set; } = TotalBytes / 2;

    public long MergedFreeBytes { get; set; } = TotalBytes / 2;

    public int Measurements { get; private set; }

    public StorageVolume Uploads()
    {
        Measurements++;
        return new StorageVolume(uploadDir, UploadFreeBytes, TotalBytes);
    }

    public StorageVolume Merged()
    {
        Measurements++;
        return new StorageVolume(mergedDir, MergedFreeBytes, TotalBytes);
    }
}
