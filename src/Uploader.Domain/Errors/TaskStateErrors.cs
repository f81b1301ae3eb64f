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

public sealed class TaskMismatch(string field, string taskValue, string requestValue)
    : DomainException($"{field} is {requestValue} but the task has {taskValue}.")
{
    public string Field { get; } = field;
}
