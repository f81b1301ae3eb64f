using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Commands.PauseTask;

public sealed class PauseTaskHandler(IUploadTaskRepository tasks, IUploadTaskReader reader, TimeProvider clock)
    : ICommandHandler<PauseTaskCommand, TaskSummaryView>
{
    public ValueTask<TaskSummaryView> Handle(PauseTaskCommand command, CancellationToken cancellationToken) =>
        TaskStateChange.ApplyAsync(
            tasks, reader, command.FileId, task => task.Pause(clock.GetUtcNow().UtcDateTime), cancellationToken);
}
