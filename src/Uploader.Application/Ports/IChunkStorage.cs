using Uploader.Application.Policies;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Ports;

/// <summary>
/// Where chunk bytes and merged files live. Locations it hands out are opaque: only the adapter that
/// made them reads them (a file name here, an object key or multipart part elsewhere).
/// </summary>
public interface IChunkStorage
{
    /// <summary>
    /// Streams <paramref name="content"/> into a staging area, computing size and md5 on the way.
    /// Nothing is visible as a chunk until <see cref="IStagedChunk.CommitAsync"/>; disposing an
    /// uncommitted stage removes it.
    /// </summary>
    /// <exception cref="Errors.ChunkTooLarge">More than <paramref name="maxBytes"/> bytes arrived.</exception>
    Task<IStagedChunk> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Removes one stored chunk version; a missing one is not an error.</summary>
    Task DeleteChunkAsync(Guid taskId, string location, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the chunks, in order, into a hidden file beside <paramref name="target"/> in one pass,
    /// computing the file's md5 and re-checking every chunk against its recorded md5.
    /// </summary>
    Task<IAssembledFile> AssembleAsync(
        Guid taskId, IReadOnlyList<ChunkToMerge> chunks, RelativeFilePath target, CancellationToken cancellationToken);

    /// <summary>Locations of every chunk version stored for a task, recorded or not.</summary>
    Task<IReadOnlySet<string>> ListChunkLocationsAsync(Guid taskId, CancellationToken cancellationToken);

    /// <summary>Removes everything stored for a task's chunks, including versions no record points to.</summary>
    /// <returns>The bytes removed.</returns>
    Task<long> DeleteTaskDataAsync(Guid taskId, CancellationToken cancellationToken);

    /// <summary>Removes a merged file; a missing one is not an error.</summary>
    /// <param name="filePath">The path <see cref="IAssembledFile.PublishAsync"/> returned, relative to the merged folder.</param>
    /// <exception cref="Domain.Errors.InvalidPath">The path does not resolve inside the merged folder; nothing is removed.</exception>
    Task DeleteMergedFileAsync(string filePath, CancellationToken cancellationToken);
}

public interface IStagedChunk : IAsyncDisposable
{
    long Size { get; }

    /// <summary>Lower-case hex md5 of the staged bytes.</summary>
    string Md5 { get; }

    /// <summary>Makes the staged bytes durable as a new version of chunk <paramref name="index"/>.</summary>
    /// <returns>The new version's location; no earlier version is touched.</returns>
    Task<string> CommitAsync(Guid taskId, int index, CancellationToken cancellationToken);
}

public interface IAssembledFile : IAsyncDisposable
{
    long Size { get; }

    string Md5 { get; }

    /// <summary>Indexes of chunks whose bytes no longer matched their recorded md5 while assembling.</summary>
    IReadOnlyList<int> CorruptChunks { get; }

    /// <summary>Durably moves the file to its target, applying the name-clash policy.</summary>
    /// <returns>The final path relative to the merged folder, '/'-separated.</returns>
    /// <exception cref="Errors.TargetExists">The target exists and the policy is reject.</exception>
    Task<string> PublishAsync(ConflictPolicy onConflict, CancellationToken cancellationToken);
}

public sealed record ChunkToMerge(int Index, string Location, long Size, string Md5);
