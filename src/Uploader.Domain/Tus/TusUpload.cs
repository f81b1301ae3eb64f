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

    /// <summary>Whether the upload is a piece of a concatenation (Upload-Concat), or the file its pieces make.</summary>
    public TusConcatenation Concatenation { get; private set; }

    /// <summary>A final upload's partial uploads, by id, in order, space-separated; null for any other upload.</summary>
    public string? PartIds { get; private set; }

    /// <summary>The PATCH that may extend the upload; null before the first.</summary>
    public Guid? PatchToken { get; private set; }

    /// <summary>The chunk the tail begins; null without a tail.</summary>
    public int? TailIndex { get; private set; }

    public long TailSize { get; private set; }

    public string? TailLocation { get; private set; }

    /// <param name="partial">An Upload-Concat: partial upload: its last byte starts no merge, a final upload takes its bytes.</param>
    public static TusUpload Start(Guid taskId, string uploadId, string? metadata, DateTime now, bool lengthDeferred = false, bool partial = false)
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
            Concatenation = partial ? TusConcatenation.Partial : TusConcatenation.None,
        };
    }

    /// <summary>A final upload (Upload-Concat: final): the file its partial uploads make, in this order.</summary>
    public static TusUpload StartFinal(Guid taskId, string uploadId, string? metadata, DateTime now, IReadOnlyList<string> partIds)
    {
        ArgumentNullException.ThrowIfNull(partIds);
        if (partIds.Count == 0)
        {
            throw new InvalidConcatenation("a final upload names at least one partial upload.");
        }

        var upload = Start(taskId, uploadId, metadata, now);
        upload.Concatenation = TusConcatenation.Final;
        upload.PartIds = string.Join(' ', partIds);
        return upload;
    }

    /// <summary>A final upload's partial uploads, in order; empty for any other upload.</summary>
    public IReadOnlyList<string> Parts => PartIds?.Split(' ') ?? [];

    /// <summary>
    /// Refuses to give this upload's bytes to a final upload unless it is a partial upload that holds all of them.
    /// </summary>
    /// <exception cref="InvalidConcatenation">Not a partial upload, or not finished.</exception>
    public void EnsureCompletePart(FileLayout layout, IReadOnlyCollection<int> storedChunks)
    {
        if (Concatenation != TusConcatenation.Partial)
        {
            throw new InvalidConcatenation($"upload '{UploadId}' is not a partial upload (Upload-Concat: partial).");
        }

        if (LengthDeferred || OffsetOf(layout, storedChunks) != layout.FileSize)
        {
            throw new InvalidConcatenation($"partial upload '{UploadId}' is not finished: a final upload takes finished partial uploads only.");
        }
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
        if (Concatenation == TusConcatenation.Final)
        {
            // Its chunks are recorded together when it is made (or not at all, after a crash in between).
            return storedChunks.Count >= layout.TotalChunks ? layout.FileSize : 0;
        }

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
    /// <exception cref="FinalUploadImmutable">A final upload takes no bytes.</exception>
    public Guid BeginPatch(long requestedOffset, long offset)
    {
        EnsureAppendable();
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

    /// <exception cref="FinalUploadImmutable">A final upload takes no bytes: they are its partial uploads'.</exception>
    public void EnsureAppendable()
    {
        if (Concatenation == TusConcatenation.Final)
        {
            throw new FinalUploadImmutable(UploadId);
        }
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
