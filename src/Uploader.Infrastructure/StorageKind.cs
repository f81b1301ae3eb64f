namespace Uploader.Infrastructure;

/// <summary>Where chunks and merged files live (config `storage`).</summary>
public enum StorageKind
{
    FileSystem,
    S3,
}
