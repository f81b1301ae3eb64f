using Mediator;
using Uploader.Application.Folders.Commands;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Commands.PauseTask;

/// <summary>Pauses a task, or every file of a folder upload when the id is a folder_task_id.</summary>
public sealed class PauseTaskHandler(
    IUploadTaskRepository tasks, IFolderUploadRepository folders, IUploadTaskReader reader, TimeProvider clock)
    : ICommandHandler<PauseTaskCommand, TaskSummaryView>
{
    public async ValueTask<TaskSummaryView> Handle(PauseTaskCommand command, CancellationToken cancellationToken) =>
        await FolderStateChange.TryApplyAsync(
            folders, reader, command.FileId, folder => folder.Pause(clock.GetUtcNow().UtcDateTime), cancellationToken)
        ?? await TaskStateChange.ApplyAsync(
            tasks, reader, command.FileId, task => task.Pause(clock.GetUtcNow().UtcDateTime), cancellationToken);
}
