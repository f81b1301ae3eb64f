using Mediator;
using Uploader.Application.Tasks.Commands.UploadChunk;

namespace Uploader.Application.Behaviours;

/// <summary>
/// The one owner of a staged chunk once it is in a command: disposes it however the command ends, refused by its
/// validator or its handler included. Disposing a committed chunk does nothing; an uncommitted one is removed.
/// </summary>
public sealed class StagedChunkLifetimeBehaviour : IPipelineBehavior<UploadChunkCommand, UploadChunkResult>
{
    public async ValueTask<UploadChunkResult> Handle(
        UploadChunkCommand message, MessageHandlerDelegate<UploadChunkCommand, UploadChunkResult> next, CancellationToken cancellationToken)
    {
        await using (message.Chunk)
        {
            return await next(message, cancellationToken);
        }
    }
}
