using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.DeleteTask;

/// <summary>Removes one task with its chunks (see <see cref="TaskRemoval"/>); refused while a merge runs.</summary>
public sealed class DeleteTaskHandler(
    IUploadTaskRepository tasks,
    IUploadTaskReader reader,
    IChunkStorage storage,
    ILogger<DeleteTaskHandler> logger) : ICommandHandler<DeleteTaskCommand, DeleteTaskResult>
{
    private readonly TaskRemoval _removal = new(tasks, reader, storage, logger);

    public async ValueTask<DeleteTaskResult> Handle(DeleteTaskCommand command, CancellationToken cancellationToken)
    {
        var removed = await _removal.RemoveAsync(command.FileId, command.DeleteFile, cancellationToken);
        return new(command.FileId, removed.FreedBytes, removed.MergedFile);
    }
}
