using Mediator;
using Uploader.Api.Metrics;
using Uploader.Api.Uploads;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Application.Tasks.Commands.UploadChunk;
using Uploader.Application.Tus.Commands.BeginTusPatch;
using Uploader.Application.Tus.Commands.DropTusTail;
using Uploader.Application.Tus.Commands.RecordTusTail;
using Uploader.Domain.Errors;

namespace Uploader.Api.Tus;

/// <summary>
/// Cuts a PATCH body into the task's chunks (ADR 0015): each whole chunk is an ordinary <see cref="UploadChunkCommand"/>
/// (the tail it continued included), the part of a chunk the body ends in is recorded as the upload's tail, and the
/// last byte starts the merge in the background (of a partial upload: nothing, a final upload takes its chunks). A client that goes away mid-body ends the body: what arrived is kept
/// the same way. With Upload-Checksum nothing is kept until the whole body matched. Each chunk is written in one of
/// the <see cref="UploadSlots"/>, as an upload_chunk is, taken before its first byte is read and given back after it.
/// </summary>
public sealed class TusPatchWriter(IMediator mediator, IChunkStaging staging, IChunkStorage storage, PrometheusUploadMetrics metrics, UploadSlots slots)
{
    /// <remarks>The request may be gone while this runs: what arrived is kept with no token of the request's.</remarks>
    /// <returns>The upload's offset afterwards.</returns>
    /// <exception cref="ChecksumMismatch">The body did not match Upload-Checksum; nothing of it was kept.</exception>
    public async Task<long> WriteAsync(TusPatch patch, TusRequestBody request, TusChecksum? checksum)
    {
        using var body = new TusBody(request.Body, request.Length, checksum?.NewHash());
        var pieces = new List<Piece>();
        try
        {
            var offset = patch.Offset;
            var tailLocation = patch.TailLocation;
            var tailSize = patch.TailSize;
            if (tailLocation is not null && offset == patch.Layout.FileSize)
            {
                // The length was named after the last bytes arrived (creation-defer-length): the tail is the last chunk.
                using var place = await PlaceAsync(request);
                if (place is null)
                {
                    return offset;
                }

                var last = await StageAsync(patch, (int)(offset / patch.ChunkSize), tailLocation, tailSize, body, 0);
                await KeepAsync(patch, last with { Whole = true }, CancellationToken.None);
            }

            while (offset < patch.Layout.FileSize && !body.Ended)
            {
                using var place = await PlaceAsync(request);
                if (place is null)
                {
                    break;
                }

                var index = (int)(offset / patch.ChunkSize);
                var chunkStart = index * patch.ChunkSize;
                var chunkLength = Math.Min(patch.ChunkSize, patch.Layout.FileSize - chunkStart);
                var piece = await StageAsync(patch, index, tailLocation, tailSize, body, chunkLength - tailSize);
                if (piece.FromBody == 0)
                {
                    await piece.Staged.DisposeAsync();
                    break;
                }

                piece = piece with { Whole = piece.Staged.Size == chunkLength };
                offset += piece.FromBody;
                (tailLocation, tailSize) = (null, 0);
                if (checksum is null)
                {
                    // Kept as it completes: a crash of the server loses at most the chunk being received.
                    await KeepAsync(patch, piece, CancellationToken.None);
                }
                else
                {
                    pieces.Add(piece);
                }
            }

            if (checksum is not null)
            {
                if (body.Interrupted || body.Digest() != checksum.Digest)
                {
                    throw new ChecksumMismatch("the PATCH body", checksum.Digest, body.Interrupted ? "(cut off)" : "another");
                }

                foreach (var piece in pieces.ToList())
                {
                    pieces.Remove(piece);
                    await KeepAsync(patch, piece, CancellationToken.None);
                }
            }

            if (offset == patch.Layout.FileSize && !patch.Partial)
            {
                await mediator.Send(new MergeChunksCommand(patch.UploadId, null, null, null, null, InBackground: true), CancellationToken.None);
            }

            return offset;
        }
        finally
        {
            foreach (var piece in pieces)
            {
                await piece.Staged.DisposeAsync();
            }
        }
    }

    /// <returns>The place, or null when the client went away while waiting for it.</returns>
    private async Task<IDisposable?> PlaceAsync(TusRequestBody request)
    {
        try
        {
            return await slots.WaitForAsync(request.Client, request.ClientGone);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task<Piece> StageAsync(TusPatch patch, int index, string? tailLocation, long tailSize, TusBody body, long fromBody)
    {
        await using var tail = tailLocation is null
            ? Stream.Null
            : await storage.OpenChunkAsync(patch.TaskId, tailLocation, tailSize, CancellationToken.None);
        var chunk = new TusChunkStream(tail, body, fromBody);
        var staged = await staging.StageAsync(chunk, patch.ChunkSize, CancellationToken.None);
        return new Piece(index, staged, chunk.FromBody, Whole: false, ContinuedTail: tailLocation is not null);
    }

    private async Task KeepAsync(TusPatch patch, Piece piece, CancellationToken cancellationToken)
    {
        if (!piece.Whole)
        {
            await mediator.Send(new RecordTusTailCommand(patch.UploadId, patch.Token, piece.Index, piece.Staged), cancellationToken);
            metrics.TusBytesReceived(piece.FromBody);
            return;
        }

        await mediator.Send(
            new UploadChunkCommand(
                patch.UploadId, piece.Index, patch.Layout.TotalChunks, patch.Layout.FileSize, patch.ChunkSize,
                Md5: null, FileName: null, RelativePath: null, PartFileName: null, piece.Staged),
            cancellationToken);
        metrics.TusBytesReceived(piece.FromBody);
        await mediator.Send(new DropTusTailCommand(patch.UploadId, patch.Token, piece.Index), cancellationToken);
    }

    private sealed record Piece(int Index, IStagedChunk Staged, long FromBody, bool Whole, bool ContinuedTail);
}

/// <summary>
/// A PATCH's (or creation-with-upload's) body as the writer takes it: its declared <paramref name="Length"/> (so the
/// last byte ends it without one more read), and the <paramref name="Client"/> address whose share of the upload places
/// its chunks take; <paramref name="ClientGone"/> only ends a wait for a place.
/// </summary>
public sealed record TusRequestBody(Stream Body, long? Length, string Client, CancellationToken ClientGone);
