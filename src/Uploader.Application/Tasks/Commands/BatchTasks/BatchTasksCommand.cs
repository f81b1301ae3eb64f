using Mediator;

namespace Uploader.Application.Tasks.Commands.BatchTasks;

/// <summary>
/// Applies one action to many tasks, named by <paramref name="FileIds"/> or selected by <paramref name="Status"/>
/// (exactly one of the two). Each task is handled as its own request would handle it; one refusal does not
/// stop the others.
/// </summary>
/// <param name="Action">pause, resume or delete (<see cref="BatchActions"/>).</param>
/// <param name="DeleteFile">delete only: also delete the merged files of completed tasks.</param>
public sealed record BatchTasksCommand(
    string? Action,
    IReadOnlyList<string>? FileIds,
    string? Status,
    bool DeleteFile) : ICommand<BatchTasksResult>;

public static class BatchActions
{
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Delete = "delete";

    public static readonly IReadOnlyList<string> All = [Pause, Resume, Delete];
}

/// <param name="Results">One per task, in the order the tasks were named or selected.</param>
public sealed record BatchTasksResult(IReadOnlyList<BatchItemResult> Results);

/// <param name="Error">Why the action was refused for this task; null when it succeeded.</param>
public sealed record BatchItemResult(string FileId, Exception? Error)
{
    public bool Ok => Error is null;
}
