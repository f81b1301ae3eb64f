using Uploader.Application.Ports;
using Uploader.Application.Storage;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// Uploads still pass through upload_dir's volume (staged bodies, merge parts), so that is measured as before; a bucket
/// has no free space to read, and is reported as never short of it.
/// </summary>
public sealed class S3StorageSpace(DriveStorageSpace local, S3Settings settings) : IStorageSpace
{
    public StorageVolume Uploads() => local.Uploads();

    public StorageVolume Merged() => new(settings.Describe(), long.MaxValue, 0);
}
