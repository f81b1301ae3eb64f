using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.UploadChunk;

namespace Uploader.Application.Behaviours;

/// <summary>
/// Counts every accepted chunk and its bytes. Refused chunks are counted by the host, which also sees the
/// refusals that happen before a command exists (a malformed body, a chunk over max_chunk_size, a full queue).
/// </summary>
public sealed class ChunkMetricsBehaviour(IUploadMetrics metrics) : IPipelineBehavior<UploadChunkCommand, UploadChunkResult>
{
    public async ValueTask<UploadChunkResult> Handle(
        UploadChunkCommand message, MessageHandlerDelegate<UploadChunkCommand, UploadChunkResult> next, CancellationToken cancellationToken)
    {
        var result = await next(message, cancellationToken);
        metrics.ChunkReceived(result.Size);
        return result;
    }
}
