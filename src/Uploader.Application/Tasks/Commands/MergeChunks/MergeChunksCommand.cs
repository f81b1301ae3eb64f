using Mediator;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

/// <param name="InBackground">
/// Claim the task and answer at once, leaving the assembly to <see cref="Ports.IBackgroundMerges"/>: for merges longer
/// than a proxy waits for an answer.
/// </param>
public sealed record MergeChunksCommand(
    string? FileId,
    string? FileName,
    int? TotalChunks,
    string? RelativePath,
    string? ExpectedMd5,
    bool InBackground = false) : IMergeCommand;

/// <summary>A command whose handler may assemble a task's file: timed, counted and logged by <c>MergeMetricsBehaviour</c>.</summary>
public interface IMergeCommand : ICommand<MergeChunksResult>;

/// <summary>What a merge command ended with: the merged file, or a merge still running in the background.</summary>
public abstract record MergeChunksResult(string FileId);

/// <param name="Assembled">True when this command wrote the file; false when the task was merged before.</param>
public sealed record MergeCompleted(
    string FileId,
    string FilePath,
    string Md5,
    long Size,
    string RelativePath,
    bool Assembled) : MergeChunksResult(FileId)
{
    /// <summary>How long the assembly took: set by the one place that measures it, zero when nothing was assembled.</summary>
    public TimeSpan MergeTime { get; init; }
}

/// <summary>The task is merging (claimed by this request or an earlier one); its status shows the progress.</summary>
public sealed record MergeRunning(string FileId) : MergeChunksResult(FileId);
