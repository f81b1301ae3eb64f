using Mediator;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Commands.PauseTask;

public sealed record PauseTaskCommand(string FileId) : ICommand<TaskSummaryView>;
