using Uploader.Application.Tasks.Commands.BatchTasks;

namespace Uploader.Api.Contracts;

/// <summary>The body of POST /go-uploader/tasks/batch: an action and either the tasks' file_ids or a status.</summary>
/// <param name="Action">pause, resume or delete.</param>
/// <param name="FileIds">The tasks, 1 to 1000 file_ids; not together with status.</param>
/// <param name="Status">Instead of file_ids: the oldest 1000 tasks in this status.</param>
/// <param name="DeleteFile">delete only: also delete the merged files of completed tasks.</param>
public sealed record BatchRequest(string? Action, IReadOnlyList<string>? FileIds, string? Status, bool DeleteFile = false)
{
    public BatchTasksCommand ToCommand() => new(Action, FileIds, Status, DeleteFile);
}
