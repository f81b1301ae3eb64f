using Mediator;
using Uploader.Application.Folders.Commands;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Commands.ResumeTask;

/// <summary>Resumes a task, or every file of a folder upload when the id is a folder_task_id.</summary>
public sealed class ResumeTaskHandler(
    IUploadTaskRepository tasks, IFolderUploadRepository folders, IUploadTaskReader reader, TimeProvider clock)
    : ICommandHandler<ResumeTaskCommand, TaskSummaryView>
{
    public async ValueTask<TaskSummaryView> Handle(ResumeTaskCommand command, CancellationToken cancellationToken) =>
        await FolderStateChange.TryApplyAsync(
            folders, reader, command.FileId, folder => folder.Resume(clock.GetUtcNow().UtcDateTime), cancellationToken)
        ?? await TaskStateChange.ApplyAsync(
            tasks, reader, command.FileId, task => task.Resume(clock.GetUtcNow().UtcDateTime), cancellationToken);
}
