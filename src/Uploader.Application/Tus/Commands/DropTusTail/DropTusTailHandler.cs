using Mediator;
using Uploader.Application.Errors;
using Uploader.Application.Ports;

namespace Uploader.Application.Tus.Commands.DropTusTail;

/// <summary>
/// A tail left behind by a crash between the chunk's record and this command counts for nothing (the offset skips
/// it) and is removed by the next PATCH that completes a chunk, or with the task.
/// </summary>
public sealed class DropTusTailHandler(ITusUploadRepository uploads, IChunkStorage storage) : ICommandHandler<DropTusTailCommand>
{
    public async ValueTask<Unit> Handle(DropTusTailCommand command, CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(command.UploadId, cancellationToken) ?? throw new TaskNotFound(command.UploadId);
        if (upload.TailIndex is not { } index || index > command.Index)
        {
            return Unit.Value;
        }

        upload.EnsureHolds(command.Token);
        var dropped = upload.DropTail();
        await uploads.SaveAsync(upload, cancellationToken);
        if (dropped is not null)
        {
            await storage.DeleteChunkAsync(upload.TaskId, dropped, CancellationToken.None);
        }

        return Unit.Value;
    }
}
