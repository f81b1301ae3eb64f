using Uploader.Application.Storage;

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
