using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Policies;

public enum ConflictPolicy
{
    Rename,
    Overwrite,
    Reject,
}

/// <summary>The operator's limits and choices that shape how uploads are accepted (config.json).</summary>
public sealed record UploadPolicy
{
    public long MaxFileSize { get; init; } = 10L * 1024 * 1024 * 1024;

    public long MaxChunkSize { get; init; } = 100L * 1024 * 1024;

    public int MaxChunks { get; init; } = 10_000;

    public bool EnableIntegrityCheck { get; init; } = true;

    /// <summary>Lower-case extensions with their dot; empty means any.</summary>
    public IReadOnlyList<string> AllowedExtensions { get; init; } = [];

    public ConflictPolicy OnConflict { get; init; } = ConflictPolicy.Rename;

    /// <summary>Free bytes below which a chunk may no longer create a task (config `min_free_disk_bytes`).</summary>
    public long MinFreeDiskBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>
    /// Free bytes below which nothing is written at all, half of <see cref="MinFreeDiskBytes"/>: the room
    /// between the two floors lets tasks already started finish while no new ones begin.
    /// </summary>
    public long HardFloorBytes => MinFreeDiskBytes / 2;

    /// <summary>Refuses a name whose extension is not in allowed_extensions: the first chunk's name and a name given at merge.</summary>
    /// <summary>
    /// The chunks a file sent as one byte stream (tus) is kept in: 8 MiB, or max_chunk_size when that is smaller,
    /// doubled (up to max_chunk_size) while the file would need more than max_chunks.
    /// </summary>
    public FileLayout StreamLayoutFor(long fileSize)
    {
        EnsureFileSizeAllowed(fileSize);
        var chunkSize = Math.Min(PreferredStreamChunkSize, MaxChunkSize);
        while ((fileSize + chunkSize - 1) / chunkSize > MaxChunks && chunkSize * 2 <= MaxChunkSize)
        {
            chunkSize *= 2;
        }

        if ((fileSize + chunkSize - 1) / chunkSize > MaxChunks)
        {
            chunkSize = MaxChunkSize;
        }

        var chunks = Math.Max(1L, (fileSize + chunkSize - 1) / chunkSize);
        if (chunks > MaxChunks)
        {
            throw new FileTooLarge(fileSize, MaxChunks * MaxChunkSize);
        }

        return FileLayout.Create(fileSize, (int)chunks, chunkSize);
    }

    /// <summary>
    /// The layout of a byte stream whose size is not known yet (tus creation-defer-length): for the largest file the
    /// limits allow, max_file_size or max_chunks chunks of max_chunk_size, whichever is smaller.
    /// </summary>
    public FileLayout StreamLayoutForUnknownSize() => StreamLayoutFor(Math.Min(MaxFileSize, MaxChunks * MaxChunkSize));

    private const long PreferredStreamChunkSize = 8L * 1024 * 1024;

    public void EnsureExtensionAllowed(RelativeFilePath target)
    {
        if (AllowedExtensions.Count > 0 && !AllowedExtensions.Contains(target.Extension, StringComparer.OrdinalIgnoreCase))
        {
            throw new ExtensionNotAllowed(target.Extension);
        }
    }

    /// <summary>Refuses a file declared larger than max_file_size: the first chunk's file_size and a folder's files.</summary>
    public void EnsureFileSizeAllowed(long fileSize)
    {
        if (fileSize > MaxFileSize)
        {
            throw new FileTooLarge(fileSize, MaxFileSize);
        }
    }

    /// <summary>
    /// Below the floor no new task starts, so the space left goes to tasks already under way (their chunks are still
    /// taken down to the storage's hard floor). Checked after the request's own checks, so a bad request hears about
    /// its own fault first.
    /// </summary>
    public void EnsureRoomForNewTask(IStorageSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (MinFreeDiskBytes <= 0)
        {
            return;
        }

        var free = space.Uploads().FreeBytes;
        if (free < MinFreeDiskBytes)
        {
            throw new InsufficientStorage(
                $"The upload folder's volume has {free} bytes free, below the floor of {MinFreeDiskBytes} bytes for new uploads; tasks already started can still finish.");
        }
    }
}
