using Uploader.Application.Policies;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Ports;

/// <summary>
/// Where chunk bytes and merged files live once staged (see <see cref="IChunkStaging"/>). Locations it hands out are opaque: only the adapter that
/// made them reads them (a file name here, an object key or multipart part elsewhere).
/// </summary>
public interface IChunkStorage
{
    /// <summary>Removes one stored chunk version; a missing one is not an error.</summary>
    Task DeleteChunkAsync(Guid taskId, string location, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the chunks, in order, into a hidden file beside <paramref name="target"/> in one pass,
    /// computing the file's md5 and re-checking every chunk against its recorded checksum (its md5 when it has none).
    /// </summary>
    /// <param name="written">Told the bytes written so far after each block; called on the write stage, so it must not block.</param>
    Task<IAssembledFile> AssembleAsync(
        Guid taskId, IReadOnlyList<ChunkToMerge> chunks, RelativeFilePath target, IProgress<long> written, CancellationToken cancellationToken);

    /// <summary>
    /// Opens one stored version for reading, front to back: a tus upload's tail, which the next PATCH extends into a
    /// whole chunk. The version is never changed once stored, so what is read is what was recorded.
    /// </summary>
    /// <param name="size">Its recorded size: no more than this is read.</param>
    Task<Stream> OpenChunkAsync(Guid taskId, string location, long size, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a stored version of one task's chunk a version of chunk <paramref name="index"/> of another task, with the
    /// same bytes, without copying them where the store can (a second name on the file system; a copy inside the
    /// bucket on S3). The source stays as it is. For a tus final upload, whose chunks are its partial uploads'.
    /// </summary>
    /// <param name="size">The version's recorded size.</param>
    /// <remarks>Only for a target task whose row is committed, as for every chunk version.</remarks>
    /// <returns>The new version's location, under <paramref name="toTaskId"/>, not yet recorded.</returns>
    Task<string> LinkChunkAsync(Guid fromTaskId, string location, long size, Guid toTaskId, int index, CancellationToken cancellationToken);

    /// <summary>Locations of every chunk version stored for a task, recorded or not.</summary>
    Task<IReadOnlySet<string>> ListChunkLocationsAsync(Guid taskId, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ListChunkLocationsAsync(Guid, CancellationToken)"/>, only the versions last written before
    /// <paramref name="writtenBefore"/>: a version an upload is storing right now (on any instance) is never among them.
    /// </summary>
    Task<IReadOnlySet<string>> ListChunkLocationsAsync(Guid taskId, DateTime writtenBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the hidden files that merges of this task left beside <paramref name="target"/> when their instance stopped
    /// mid-assembly. Only for the holder of the task's merge lease, so no running merge is writing one.
    /// </summary>
    /// <returns>The bytes removed.</returns>
    Task<long> DeleteMergeTempFilesAsync(Guid taskId, RelativeFilePath target, CancellationToken cancellationToken);

    /// <summary>Removes everything stored for a task's chunks, including versions no record points to.</summary>
    /// <returns>The bytes removed.</returns>
    Task<long> DeleteTaskDataAsync(Guid taskId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a completed task's merged file if it is still the one the task produced; a missing one is not an error.
    /// </summary>
    /// <param name="filePath">A path <see cref="IAssembledFile.ChooseTargetAsync"/> chose, relative to the merged folder.</param>
    /// <param name="size">The merged file's recorded size.</param>
    /// <param name="identity">The <see cref="IAssembledFile.Identity"/> recorded with it; null for tasks merged before it was recorded.</param>
    /// <returns>Deleted, or why not: missing, replaced (another file is there now; kept), refused (a symbolic link on the way).</returns>
    /// <exception cref="Domain.Errors.InvalidPath">The path does not resolve inside the merged folder; nothing is removed.</exception>
    Task<MergedFileRemoval> DeleteMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken);

    /// <summary>What is at a completed task's recorded merged path now, by metadata only (nothing is read).</summary>
    /// <param name="identity">As for <see cref="DeleteMergedFileAsync"/>; null is taken as present when the size matches.</param>
    Task<MergedFileState> InspectMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a completed task's merged file for reading if it is still the one the task produced (as
    /// <see cref="InspectMergedFileAsync"/> would tell, but checked on what was opened, so a file swapped in between is
    /// never served). The stream is seekable, so that ranges are served by seeking, and reads sequentially without
    /// buffering of its own.
    /// </summary>
    /// <param name="identity">As for <see cref="DeleteMergedFileAsync"/>; null is taken as present when the size matches.</param>
    /// <returns>The open file (the caller disposes it), or why there is none: missing or replaced.</returns>
    Task<MergedFileOpening> OpenMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a merged file with exactly this size and md5 is published at <paramref name="filePath"/>
    /// (read in full to hash it), reached through no symbolic link inside the merged folder. Used at start-up to settle a merge a crash interrupted.
    /// </summary>
    Task<bool> HoldsMergedFileAsync(string filePath, long size, string md5, CancellationToken cancellationToken);
}

public interface IAssembledFile : IAsyncDisposable
{
    long Size { get; }

    string Md5 { get; }

    /// <summary>
    /// An opaque token of the assembled file that its move into place keeps and a replacement would not (on Linux the
    /// device, inode, size and last write time); recorded with the target so that the file can be recognised later.
    /// </summary>
    string Identity { get; }

    /// <summary>Indexes of chunks whose bytes no longer matched their recorded checksum (md5 where none was recorded) while assembling.</summary>
    IReadOnlyList<int> CorruptChunks { get; }

    /// <summary>
    /// Picks the path the file will be published under, applying the name-clash policy to what exists now:
    /// the target itself, or for rename the first free `name (n).ext`.
    /// </summary>
    /// <returns>The path relative to the merged folder, '/'-separated.</returns>
    /// <exception cref="Errors.TargetExists">The target exists and the policy is reject.</exception>
    Task<string> ChooseTargetAsync(ConflictPolicy onConflict, CancellationToken cancellationToken);

    /// <summary>
    /// Durably moves the file to <paramref name="filePath"/>, a path <see cref="ChooseTargetAsync"/> chose.
    /// Replaces an existing file only for overwrite.
    /// </summary>
    /// <returns>False when the path was taken since it was chosen (by another merge, say): choose again.</returns>
    Task<bool> PublishAsync(string filePath, ConflictPolicy onConflict, CancellationToken cancellationToken);
}

/// <summary>A recorded chunk version to merge, with what it must still match.</summary>
/// <param name="Checksum">The fast checksum recorded with it (<see cref="IStagedChunk.Checksum"/>); null for chunks recorded before it was, which are checked by their md5.</param>
public sealed record ChunkToMerge(int Index, string Location, long Size, string Md5, string? Checksum);

/// <summary>What is at a completed task's recorded merged path.</summary>
public enum MergedFileState
{
    /// <summary>The file the task produced.</summary>
    Present,

    /// <summary>Something else is there now (another task's overwrite, an operator's copy, a symbolic link on the way).</summary>
    Replaced,

    /// <summary>Nothing, or a folder.</summary>
    Missing,
}

/// <summary>What <see cref="IChunkStorage.OpenMergedFileAsync"/> found: the open file when present, else none.</summary>
public sealed record MergedFileOpening(MergedFileState State, Stream? Content)
{
    public static MergedFileOpening Opened(Stream content) => new(MergedFileState.Present, content);

    public static MergedFileOpening None(MergedFileState state) => new(state, null);
}

/// <summary>What a task removal did with its merged file.</summary>
public enum MergedFileRemoval
{
    Deleted,

    /// <summary>Not asked to delete it.</summary>
    Kept,

    /// <summary>The file there is no longer the task's, so it was not deleted.</summary>
    Replaced,

    Missing,

    /// <summary>The path passes through a symbolic link inside the merged folder; nothing was deleted.</summary>
    Refused,
}
