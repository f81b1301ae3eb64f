using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Commands.ResumeTask;

public sealed class ResumeTaskHandler(IUploadTaskRepository tasks, IUploadTaskReader reader, TimeProvider clock)
    : ICommandHandler<ResumeTaskCommand, TaskSummaryView>
{
    public ValueTask<TaskSummaryView> Handle(ResumeTaskCommand command, CancellationToken cancellationToken) =>
        TaskStateChange.ApplyAsync(
            tasks, reader, command.FileId, task => task.Resume(clock.GetUtcNow().UtcDateTime), cancellationToken);
}
