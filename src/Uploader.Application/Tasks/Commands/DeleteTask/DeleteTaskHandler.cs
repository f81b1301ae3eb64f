using Mediator;

namespace Uploader.Application.Tasks.Commands.DeleteTask;

/// <summary>
/// Removes one task with its chunks, or a folder upload with all its files (see <see cref="TaskRemoval"/>); refused
/// while a merge runs.
/// </summary>
public sealed class DeleteTaskHandler(TaskRemoval removal) : ICommandHandler<DeleteTaskCommand, DeleteTaskResult>
{
    public async ValueTask<DeleteTaskResult> Handle(DeleteTaskCommand command, CancellationToken cancellationToken)
    {
        var removed = await removal.RemoveFolderAsync(command.FileId, command.DeleteFile, cancellationToken)
            ?? await removal.RemoveAsync(command.FileId, command.DeleteFile, cancellationToken);
        return new(command.FileId, removed.FreedBytes, removed.MergedFile);
    }
}
