using Mediator;
using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Tasks.Commands.ResumeTask;

public sealed record ResumeTaskCommand(string FileId) : ICommand<TaskSummaryView>;
