namespace Uploader.Application.Ports;

/// <summary>
/// Where a request body goes before its metadata is known: the bytes of a chunk arrive before (or without) the
/// fields that name its task, so they are staged first and committed into the task's storage later.
/// </summary>
public interface IChunkStaging
{
    /// <summary>
    /// Streams <paramref name="content"/> into a staging area, computing size and md5 on the way.
    /// Nothing is visible as a chunk until <see cref="IStagedChunk.CommitAsync"/>; disposing an
    /// uncommitted stage removes it.
    /// </summary>
    /// <exception cref="Errors.ChunkTooLarge">More than <paramref name="maxBytes"/> bytes arrived.</exception>
    Task<IStagedChunk> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>
/// Bytes staged by <see cref="IChunkStaging"/>. Whoever holds it disposes it: the reader of the request body until it
/// hands it over in an <c>UploadChunkCommand</c>, from then on the command's pipeline.
/// </summary>
public interface IStagedChunk : IAsyncDisposable
{
    long Size { get; }

    /// <summary>Lower-case hex md5 of the staged bytes.</summary>
    string Md5 { get; }

    /// <summary>
    /// Lower-case hex XxHash3 (64 bits) of the staged bytes, computed on the same blocks as the md5: a checksum
    /// fast enough for the merge to re-check every chunk in its single read without a second md5 pass.
    /// </summary>
    string Checksum { get; }

    /// <summary>Makes the staged bytes durable as a new version of chunk <paramref name="index"/>.</summary>
    /// <returns>The new version's location; no earlier version is touched.</returns>
    Task<string> CommitAsync(Guid taskId, int index, CancellationToken cancellationToken);
}
