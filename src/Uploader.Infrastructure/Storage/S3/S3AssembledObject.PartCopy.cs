using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// The server-side merge: each chunk object becomes one part by UploadPartCopy, so no chunk byte is sent by the server.
/// The chunks are still read once, in order, for the file's md5 and the rot check; each copy names the ETag just read
/// (x-amz-copy-source-if-match), so the store copies exactly the version that was hashed, and the part's ETag must equal
/// it (the md5 of the same bytes). Cost: one read of the file from the store, against a read and a write when sent.
/// </summary>
internal sealed partial class S3AssembledObject
{
    /// <returns>
    /// False, with the upload aborted, when the store does not copy parts (s3rver answers 501) or copies them other than
    /// byte for byte (its part ETag differs from the source's); the bucket remembers, so later merges send at once.
    /// </returns>
    private async Task<bool> CopyChunksAsPartsAsync(IProgress<long> written, CancellationToken ct)
    {
        await InitiateAsync(ct);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var corrupt = new List<int>();
        var parts = new List<PartETag>();
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        Task? copying = null;
        try
        {
            long total = 0;
            for (var i = 0; i < _chunks.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var chunk = _chunks[i];
                using var check = ChunkCheck.For(chunk);
                var etag = string.Empty;
                var intact = await ReadChunkAsync(chunk, check, buffer, block =>
                {
                    md5.AppendData(block.Span);
                    total += block.Length;
                    written.Report(total);
                    return Task.CompletedTask;
                }, ct, opened: response => etag = response.ETag);
                if (!intact)
                {
                    corrupt.Add(chunk.Index);
                }
                else if (corrupt.Count == 0)
                {
                    // One copy in flight while the next chunk is read: the store's copy and our read overlap.
                    if (copying is not null)
                    {
                        await copying;
                    }

                    copying = CopyPartAsync(chunk, i + 1, etag, parts, ct);
                }
            }

            if (copying is not null)
            {
                await copying;
            }

            CorruptChunks = corrupt;
            if (corrupt.Count == 0)
            {
                Md5 = Convert.ToHexStringLower(md5.GetHashAndReset());
                _parts = parts;
            }

            return true;
        }
        catch (Exception ex) when (ex is PartCopyRefused || IsNotImplemented(ex))
        {
            _bucket.NoteRefusesPartCopy();
            LogPartCopyRefused(_bucket.Name, ex.Message);
            await AbortAsync();
            return false;
        }
        finally
        {
            if (copying is { IsCompleted: false })
            {
                // Only while a read failure is on its way up; the copy's own outcome no longer matters.
                await copying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsNotImplemented(Exception ex) =>
        ex is AmazonS3Exception s3 && (s3.StatusCode == HttpStatusCode.NotImplemented || s3.ErrorCode == "NotImplemented");

    private async Task CopyPartAsync(ChunkToMerge chunk, int number, string sourceETag, List<PartETag> parts, CancellationToken ct)
    {
        var answer = await _bucket.Client.CopyPartAsync(
            new CopyPartRequest
            {
                SourceBucket = _bucket.Name,
                SourceKey = _keys.Chunk(_taskId, chunk.Location),
                DestinationBucket = _bucket.Name,
                DestinationKey = _key,
                UploadId = _uploadId,
                PartNumber = number,
                ETagToMatch = [sourceETag],
            },
            ct);
        // Stores differ in quoting the ETag of a copy result (radosgw leaves the quotes off): the md5 inside is what counts.
        if (!string.Equals(answer.ETag.Trim('"'), sourceETag.Trim('"'), StringComparison.Ordinal))
        {
            throw new PartCopyRefused($"part {number} was copied with ETag {answer.ETag}, its source has {sourceETag}");
        }

        parts.Add(new PartETag(number, answer.ETag));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bucket {Bucket} does not copy chunks as parts ({Reason}); merges send the bytes instead")]
    private partial void LogPartCopyRefused(string bucket, string reason);

    private sealed class PartCopyRefused(string message) : Exception(message);
}
