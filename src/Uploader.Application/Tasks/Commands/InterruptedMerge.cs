using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands;

/// <summary>
/// Settles a merge whose instance stopped running it, for the start-up reconciliation and the periodic recovery alike:
/// first takes its lease (refused while the owner's lease is live, ADR 0010), then completes it if the recorded file is
/// published (ADR 0005) or takes it back to uploading. One instance per scope, from DI.
/// </summary>
public sealed partial class InterruptedMerge(
    IUploadTaskRepository tasks,
    IChunkStorage storage,
    MergeLeasing leasing,
    ILogger<InterruptedMerge> logger)
{
    /// <param name="task">A merging task loaded by this scope's repository, with all its chunks.</param>
    /// <param name="heldByEarlierRun">At start-up: a lease of this instance's own is a leftover of its previous process.</param>
    /// <param name="whileHeld">
    /// Runs once the lease is taken, before the outcome is decided: while the task is merging under this instance's
    /// lease nothing else changes its chunks, so the caller may compare them with storage.
    /// </param>
    public async Task<MergeSettlement> SettleAsync(
        UploadTask task, bool heldByEarlierRun, Func<UploadTask, CancellationToken, Task>? whileHeld, CancellationToken ct)
    {
        var now = leasing.Now;
        if (!await tasks.TakeOverMergeAsync(task, leasing.Owner, now, leasing.Until(), heldByEarlierRun, ct))
        {
            LogLeftToOwner(task.FileId);
            return MergeSettlement.LeftToOwner;
        }

        // Held while the published file is hashed, which for a large file takes a while.
        await using var lease = leasing.Hold(task.Id, task.FileId);
        await storage.DeleteMergeTempFilesAsync(task.Id, RelativeFilePath.Parse(task.RelativePath), ct);
        if (whileHeld is not null)
        {
            await whileHeld(task, ct);
        }

        var published = task is { FinalPath: { } path, FileMd5: { } md5 }
            && await storage.HoldsMergedFileAsync(path, task.FileSize, md5, ct);
        task.RecoverInterruptedMerge(published, leasing.Now);
        await tasks.SaveAsync(task, ct);
        if (task.Status != UploadTaskStatus.Completed)
        {
            LogMergeReopened(task.FileId);
            return MergeSettlement.Reopened;
        }

        await storage.DeleteTaskDataAsync(task.Id, ct);
        LogMergeCompleted(task.FileId, task.FinalPath!);
        return MergeSettlement.Completed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {FileId} is merging under another instance's live lease; left to it")]
    private partial void LogLeftToOwner(string fileId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId} was merging when the server stopped and its file was already in place at {FinalPath}; the merge is completed")]
    private partial void LogMergeCompleted(string fileId, string finalPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId} was merging when the server stopped; it is back to uploading and can be merged again")]
    private partial void LogMergeReopened(string fileId);
}

/// <summary>What <see cref="InterruptedMerge.SettleAsync"/> made of a merging task.</summary>
public enum MergeSettlement
{
    /// <summary>Its owner's lease is live: the merge is still running somewhere, and nothing was touched.</summary>
    LeftToOwner,

    /// <summary>The recorded file was published: the task is completed and its chunks removed.</summary>
    Completed,

    /// <summary>Back to uploading, chunks kept, to be merged again.</summary>
    Reopened,
}
