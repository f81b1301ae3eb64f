using Uploader.Domain.Tasks;

namespace Uploader.Domain.Errors;

public sealed class TaskPaused(string fileId)
    : DomainException($"Task '{fileId}' is paused; resume it first.");

public sealed class TaskCompleted(string fileId)
    : DomainException($"Task '{fileId}' is already completed.");

public sealed class MergeInProgress(string fileId)
    : DomainException($"Task '{fileId}' is being merged.");

public sealed class InvalidTaskState(string fileId, UploadTaskStatus status, string action)
    : DomainException($"Task '{fileId}' is {status.ToString().ToLowerInvariant()} and cannot {action}.");

public sealed class TaskMismatch(TaskField field, string taskValue, string requestValue)
    : DomainException($"{Describe(field)} is {requestValue} but the task has {taskValue}.")
{
    public TaskField Field { get; } = field;

    public string TaskValue { get; } = taskValue;

    public string RequestValue { get; } = requestValue;

    private static string Describe(TaskField field) => field switch
    {
        TaskField.TotalChunks => "the chunk count",
        TaskField.FileSize => "the file size",
        TaskField.ChunkSize => "the chunk size",
        _ => field.ToString(),
    };
}
