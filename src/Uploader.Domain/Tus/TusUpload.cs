using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tus;

/// <summary>
/// What a tus upload adds to its <see cref="UploadTask"/> (referenced by id; the task keeps the bytes as chunks): the
/// client's Upload-Metadata, the part of the next chunk received so far (the tail), and which PATCH may extend it.
/// </summary>
/// <remarks>
/// A tus client appends bytes at an offset; the task stores fixed-size chunks. The bytes up to the last full chunk
/// are chunks; the bytes after it, fewer than a chunk, are the tail: stored like a chunk version but recorded here,
/// so that a PATCH that ends (or is cut off) mid-chunk keeps what arrived. The offset is the two together
/// (<see cref="OffsetOf"/>). Every PATCH claims the upload with a new token; the tail is recorded only under the
/// token that is current, so a request that was superseded (a dropped connection the client has already resumed
/// from) can no longer move the offset.
/// </remarks>
public sealed class TusUpload
{
    private TusUpload()
    {
        UploadId = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>The task holding the chunks.</summary>
    public Guid TaskId { get; private set; }

    /// <summary>The id in the upload's URL; the task's file_id too.</summary>
    public string UploadId { get; private set; }

    /// <summary>Upload-Metadata as the client sent it, answered back on HEAD.</summary>
    public string? Metadata { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Created with Upload-Defer-Length: the task's size is a bound until a PATCH names the length.</summary>
    public bool LengthDeferred { get; private set; }

    /// <summary>The PATCH that may extend the upload; null before the first.</summary>
    public Guid? PatchToken { get; private set; }

    /// <summary>The chunk the tail begins; null without a tail.</summary>
    public int? TailIndex { get; private set; }

    public long TailSize { get; private set; }

    public string? TailLocation { get; private set; }

    public static TusUpload Start(Guid taskId, string uploadId, string? metadata, DateTime now, bool lengthDeferred = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        return new TusUpload
        {
            Id = Guid.CreateVersion7(now),
            TaskId = taskId,
            UploadId = uploadId,
            Metadata = metadata,
            CreatedAt = now,
            LengthDeferred = lengthDeferred,
        };
    }

    /// <summary>
    /// Takes the length a PATCH names. For an upload created with a length, naming the same one again is allowed and
    /// changes nothing.
    /// </summary>
    /// <returns>True when the length was deferred until now: the task's size must be fixed with it.</returns>
    /// <exception cref="SizeMismatch">The upload's length is another.</exception>
    public bool DeclareLength(long length, long currentLength)
    {
        if (!LengthDeferred)
        {
            return length == currentLength
                ? false
                : throw new SizeMismatch($"Upload '{UploadId}' has a length of {currentLength} bytes already, not {length}.");
        }

        LengthDeferred = false;
        return true;
    }

    /// <summary>
    /// The bytes the upload holds: every chunk from the first up to the first missing one, then the tail when it
    /// continues exactly there. A tail left behind a chunk that was completed since counts for nothing.
    /// </summary>
    public long OffsetOf(FileLayout layout, IReadOnlyCollection<int> storedChunks)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(storedChunks);
        var chunkSize = ChunkSizeOf(layout);
        var contiguous = ContiguousChunks(storedChunks);
        var offset = Math.Min(layout.FileSize, contiguous * chunkSize);
        if (TailIndex == contiguous && offset < layout.FileSize)
        {
            offset += TailSize;
        }

        return offset;
    }

    /// <summary>How many chunks are stored from index 0 without a gap.</summary>
    public static int ContiguousChunks(IReadOnlyCollection<int> storedChunks)
    {
        ArgumentNullException.ThrowIfNull(storedChunks);
        var stored = storedChunks as IReadOnlySet<int> ?? storedChunks.ToHashSet();
        var count = 0;
        while (stored.Contains(count))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Claims the upload for a PATCH that says it continues at <paramref name="requestedOffset"/>; the offset must be
    /// the upload's (<paramref name="offset"/>). Any earlier PATCH loses its claim.
    /// </summary>
    /// <exception cref="UploadOffsetMismatch">The request continues elsewhere.</exception>
    public Guid BeginPatch(long requestedOffset, long offset)
    {
        if (requestedOffset != offset)
        {
            throw new UploadOffsetMismatch(UploadId, requestedOffset, offset);
        }

        var token = Guid.NewGuid();
        PatchToken = token;
        return token;
    }

    /// <summary>
    /// Records a new tail: the first <paramref name="size"/> bytes of chunk <paramref name="index"/>, stored at
    /// <paramref name="location"/>, for the PATCH holding <paramref name="token"/>.
    /// </summary>
    /// <returns>The replaced tail's location, which the caller removes once this is saved.</returns>
    /// <exception cref="PatchSuperseded">A later PATCH claimed the upload.</exception>
    public string? RecordTail(Guid token, int index, long size, string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        EnsureHolds(token);
        var replaced = TailLocation;
        TailIndex = index;
        TailSize = size;
        TailLocation = location;
        return replaced;
    }

    /// <summary>Forgets the tail once the chunk it began is stored in full.</summary>
    /// <returns>The tail's location, which the caller removes once this is saved; null without a tail.</returns>
    public string? DropTail()
    {
        var dropped = TailLocation;
        TailIndex = null;
        TailSize = 0;
        TailLocation = null;
        return dropped;
    }

    /// <exception cref="PatchSuperseded">A later PATCH claimed the upload.</exception>
    public void EnsureHolds(Guid token)
    {
        if (PatchToken != token)
        {
            throw new PatchSuperseded(UploadId);
        }
    }

    private static long ChunkSizeOf(FileLayout layout) =>
        layout.ChunkSize ?? throw new InvalidOperationException("A tus upload's task always has a chunk size.");
}
