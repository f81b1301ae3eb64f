using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// Chunks and merged files in an S3-compatible bucket (docs/storage.md, ADR 0012). A request body is staged on local
/// disk as on the file system (its size and md5 are known only once it has arrived, and the SDK must sign a whole
/// payload over http), then committed as one object per chunk version, `tasks/{task}/{index}.{random}.chunk`, with
/// Content-MD5: the database records which version is current, and a version is never overwritten.
/// </summary>
public sealed partial class S3ChunkStorage(
    BucketClient bucket,
    S3Keys keys,
    FileSystemChunkStorage staging,
    StorageLayout layout,
    UploadPolicy policy,
    ILogger<S3ChunkStorage> logger) : IChunkStorage, IChunkStaging
{
    public async Task<IStagedChunk> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        new S3StagedChunk(this, (StagedChunkFile)await staging.StageAsync(content, maxBytes, cancellationToken));

    public Task DeleteChunkAsync(Guid taskId, string location, CancellationToken cancellationToken) =>
        bucket.DeleteAsync(keys.Chunk(taskId, location), cancellationToken);

    /// <remarks>
    /// The key is chosen by the conflict policy before the upload starts (a multipart upload cannot be renamed), and
    /// chosen again at publication; only a name taken in between costs a second upload.
    /// </remarks>
    public async Task<IAssembledFile> AssembleAsync(
        Guid taskId, IReadOnlyList<ChunkToMerge> chunks, RelativeFilePath target, IProgress<long> written, CancellationToken cancellationToken)
    {
        var naturalKey = keys.Merged(target);
        var key = await S3AssembledObject.ChooseKeyAsync(bucket, keys, naturalKey, policy.OnConflict, cancellationToken);
        return await S3AssembledObject.WriteAsync(bucket, keys, layout, logger, taskId, chunks, naturalKey, key, written, cancellationToken);
    }

    public async Task<Stream> OpenChunkAsync(Guid taskId, string location, long size, CancellationToken cancellationToken)
    {
        var key = keys.Chunk(taskId, location);
        var head = await bucket.HeadAsync(key, cancellationToken) ?? throw new FileNotFoundException($"No chunk object {key}.");
        return new S3ObjectStream(bucket, key, head.ETag, size);
    }

    /// <remarks>
    /// A copy inside the bucket, written now: objects have no second names. A store that refuses CopyObject (s3rver
    /// 3.7.1 takes the SDK's encoded x-amz-copy-source for a bucket name) gets the bytes through this server instead,
    /// read and staged like an uploaded chunk, for the rest of the process.
    /// </remarks>
    public async Task<string> LinkChunkAsync(Guid fromTaskId, string location, long size, Guid toTaskId, int index, CancellationToken cancellationToken)
    {
        if (!bucket.RefusesObjectCopy)
        {
            var linked = StorageLayout.NewChunkLocation(index);
            try
            {
                await bucket.CopyAsync(keys.Chunk(fromTaskId, location), keys.Chunk(toTaskId, linked), cancellationToken);
                return linked;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError))
            {
                bucket.NoteRefusesObjectCopy();
                LogObjectCopyRefused(bucket.Name, ex.Message);
            }
        }

        await using var content = await OpenChunkAsync(fromTaskId, location, size, cancellationToken);
        await using var staged = await StageAsync(content, size, cancellationToken);
        return await staged.CommitAsync(toTaskId, index, cancellationToken);
    }

    public Task<IReadOnlySet<string>> ListChunkLocationsAsync(Guid taskId, CancellationToken cancellationToken) =>
        ListChunkLocationsAsync(taskId, DateTime.MaxValue, cancellationToken);

    /// <remarks>By the store's LastModified: the store's clock and the servers' must agree to within the caller's margin.</remarks>
    public async Task<IReadOnlySet<string>> ListChunkLocationsAsync(Guid taskId, DateTime writtenBefore, CancellationToken cancellationToken)
    {
        var prefix = keys.TaskPrefix(taskId);
        var locations = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in bucket.ListAsync(prefix, cancellationToken))
        {
            if (item.LastModified is not { } written || written.ToUniversalTime() < writtenBefore)
            {
                locations.Add(item.Key[prefix.Length..]);
            }
        }

        return locations;
    }

    /// <remarks>
    /// An interrupted merge leaves an incomplete multipart upload, which is no object and never visible. Finding it
    /// would need ListMultipartUploads, and under a shared name it could be another task's running merge: the
    /// bucket's AbortIncompleteMultipartUpload lifecycle rule removes it instead (docs/storage.md).
    /// </remarks>
    public Task<long> DeleteMergeTempFilesAsync(Guid taskId, RelativeFilePath target, CancellationToken cancellationToken) =>
        Task.FromResult(0L);

    public Task<long> DeleteTaskDataAsync(Guid taskId, CancellationToken cancellationToken) =>
        bucket.DeleteAllAsync(keys.TaskPrefix(taskId), cancellationToken);

    public async Task<MergedFileRemoval> DeleteMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken)
    {
        var key = keys.MergedByText(filePath);
        var state = Recognise(await bucket.HeadAsync(key, cancellationToken), size, identity);
        if (state == MergedFileState.Present)
        {
            await bucket.DeleteAsync(key, cancellationToken);
        }

        return state switch
        {
            MergedFileState.Present => MergedFileRemoval.Deleted,
            MergedFileState.Missing => MergedFileRemoval.Missing,
            _ => MergedFileRemoval.Replaced,
        };
    }

    public async Task<MergedFileState> InspectMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken) =>
        Recognise(await bucket.HeadAsync(keys.MergedByText(filePath), cancellationToken), size, identity);

    public async Task<MergedFileOpening> OpenMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken)
    {
        var key = keys.MergedByText(filePath);
        var head = await bucket.HeadAsync(key, cancellationToken);
        var state = Recognise(head, size, identity);
        return state == MergedFileState.Present
            ? MergedFileOpening.Opened(new S3ObjectStream(bucket, key, head!.ETag, size))
            : MergedFileOpening.None(state);
    }

    public async Task<bool> HoldsMergedFileAsync(string filePath, long size, string md5, CancellationToken cancellationToken)
    {
        var key = keys.MergedByText(filePath);
        if (await bucket.HeadAsync(key, cancellationToken) is not { } head || head.ContentLength != size)
        {
            return false;
        }

        await using var read = new S3ObjectStream(bucket, key, head.ETag, size);
        return await PublishedFile.HasMd5Async(read, md5, cancellationToken);
    }

    internal async Task<string> PutChunkAsync(string stagedPath, string md5, Guid taskId, int index, CancellationToken cancellationToken)
    {
        var location = StorageLayout.NewChunkLocation(index);
        await bucket.PutFileAsync(keys.Chunk(taskId, location), stagedPath, md5, metadata: null, cancellationToken);
        return location;
    }

    /// <summary>The task's object carries the identity recorded at its merge; one merged before identities were has only its size to go by.</summary>
    private static MergedFileState Recognise(GetObjectMetadataResponse? head, long size, string? identity)
    {
        if (head is null)
        {
            return MergedFileState.Missing;
        }

        var same = identity is null
            ? head.ContentLength == size
            : head.Metadata[S3Keys.IdentityMetadata] == identity && head.ContentLength == size;
        return same ? MergedFileState.Present : MergedFileState.Replaced;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bucket {Bucket} does not copy objects ({Reason}); concatenated tus uploads send the bytes through this server instead")]
    private partial void LogObjectCopyRefused(string bucket, string reason);
}
