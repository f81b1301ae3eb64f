namespace Uploader.Domain.Tasks;

/// <summary>
/// One stored chunk of an <see cref="UploadTask"/>. Created and changed only through the task.
/// </summary>
public sealed class ChunkState
{
    private ChunkState()
    {
        Md5 = string.Empty;
        Location = string.Empty;
    }

    internal ChunkState(int index, long size, string md5, string? checksum, string location, DateTime uploadedAt)
    {
        Index = index;
        Size = size;
        Md5 = md5;
        Checksum = checksum;
        Location = location;
        Status = ChunkStatus.Uploaded;
        UploadedAt = uploadedAt;
    }

    public int Index { get; private set; }

    public long Size { get; private set; }

    /// <summary>Lower-case hex md5 of the stored bytes, as computed by the server.</summary>
    public string Md5 { get; private set; }

    /// <summary>
    /// A fast checksum of the stored bytes, computed by the storage adapter on the same pass as <see cref="Md5"/>
    /// (opaque here), so that a merge can detect rot without hashing every chunk's md5 again. Null for chunks
    /// recorded before checksums were: their md5 is checked instead.
    /// </summary>
    public string? Checksum { get; private set; }

    /// <summary>Where the storage adapter keeps the bytes; opaque to everything but that adapter.</summary>
    public string Location { get; private set; }

    public ChunkStatus Status { get; private set; }

    public DateTime UploadedAt { get; private set; }

    /// <summary>How many times this chunk was stored again after its first upload.</summary>
    public int RetryCount { get; private set; }

    public bool IsUsable => Status == ChunkStatus.Uploaded;

    public bool HasSameContent(long size, string md5) =>
        IsUsable && Size == size && Md5Digest.Same(Md5, md5);

    internal void Replace(long size, string md5, string? checksum, string location, DateTime uploadedAt)
    {
        Size = size;
        Md5 = md5;
        Checksum = checksum;
        Location = location;
        Status = ChunkStatus.Uploaded;
        UploadedAt = uploadedAt;
        RetryCount++;
    }

    internal void MarkCorrupt() => Status = ChunkStatus.Corrupt;
}
