using Uploader.Application.Ports;

namespace Uploader.Application.Errors;

/// <summary>A request the application refuses for a reason outside the domain's rules (limits, storage, lookup).</summary>
public abstract class RequestRejectedException : Exception
{
    protected RequestRejectedException(string message)
        : base(message)
    {
    }
}

public sealed class TaskNotFound(string fileId)
    : RequestRejectedException($"No task '{fileId}'.")
{
    public string FileId { get; } = fileId;
}

public sealed class FileTooLarge(long fileSize, long limit)
    : RequestRejectedException($"A file of {fileSize} bytes is above the limit of {limit} bytes.")
{
    public long FileSize { get; } = fileSize;

    public long Limit { get; } = limit;
}

/// <param name="limit">The largest chunk the policy takes, which the bytes of the chunk part went past.</param>
public sealed class ChunkTooLarge(long limit)
    : RequestRejectedException($"The chunk part went on past the largest chunk taken ({limit} bytes).")
{
    public long Limit { get; } = limit;
}

public sealed class ExtensionNotAllowed(string extension)
    : RequestRejectedException($"Files with extension '{extension}' are not accepted here.");

/// <param name="why">Why the existing entry cannot be replaced; by default, that on_conflict is reject.</param>
public sealed class TargetExists(string path, string why = "on_conflict is reject")
    : RequestRejectedException($"'{path}' already exists in the merged folder and {why}.");

public sealed class InsufficientStorage(string detail)
    : RequestRejectedException(detail);

/// <summary>A completed task whose merged file is no longer the one it produced: deleted, or replaced by another.</summary>
public sealed class FileGone(string fileId, string filePath, MergedFileState state)
    : RequestRejectedException(state == MergedFileState.Missing
        ? $"Task '{fileId}' is completed, but its merged file '{filePath}' is no longer in the merged folder; upload it again."
        : $"Task '{fileId}' is completed, but '{filePath}' in the merged folder is no longer the file it produced (another file is there now); upload it again.");

/// <summary>Another request changed the same task or chunk first; the caller may load again and retry.</summary>
public sealed class ConcurrentChange(string fileId)
    : RequestRejectedException($"Task '{fileId}' was changed by another request at the same time.");

/// <summary>
/// This instance's lease on a merge ran out and another instance took the merge over (ADR 0010): this one stopped
/// before publishing, and the task is the other instance's to settle.
/// </summary>
public sealed class MergeLeaseLost(string fileId)
    : RequestRejectedException($"The merge of task '{fileId}' was taken over by another instance after this one's lease ran out; ask upload_status for its outcome.");
