using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

/// <summary>
/// Claims the task (uploading → merging, refused if another merge claimed it first), assembles and
/// verifies the file beside its target, publishes it, then records completion and drops the chunks.
/// </summary>
/// <remarks>
/// The assembly runs to its end even if the client disconnects: a half-done merge would only have to be
/// redone, and the task must not be left claimed.
/// </remarks>
public sealed partial class MergeChunksHandler(
    IUploadTaskRepository tasks,
    IChunkStorage storage,
    IStorageSpace space,
    UploadPolicy policy,
    TimeProvider clock,
    ILogger<MergeChunksHandler> logger) : ICommandHandler<MergeChunksCommand, MergeChunksResult>
{
    private const int MaxPublishAttempts = 5;

    public async ValueTask<MergeChunksResult> Handle(MergeChunksCommand command, CancellationToken cancellationToken)
    {
        var fileId = command.FileId!;
        UploadTask task;
        try
        {
            task = await tasks.InTransactionAsync(ct => ClaimAsync(command, ct), cancellationToken);
        }
        catch (ConcurrentChange)
        {
            var current = await tasks.FindAsync(fileId, cancellationToken) ?? throw new TaskNotFound(fileId);
            if (current.Status == UploadTaskStatus.Completed)
            {
                return AlreadyMerged(current, command.ExpectedMd5);
            }

            // Answer with what the other request made of the task (paused, merging, ...).
            current.EnsureMergeable();
            throw;
        }

        if (task.Status == UploadTaskStatus.Completed)
        {
            return AlreadyMerged(task, command.ExpectedMd5);
        }

        var started = Stopwatch.GetTimestamp();
        var finalPath = await AssembleAndPublishAsync(task, command.ExpectedMd5);
        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        await storage.DeleteTaskDataAsync(task.Id, CancellationToken.None);
        LogMerged(fileId, finalPath, task.FileSize, elapsed);
        return new MergeChunksResult(fileId, finalPath, task.FileMd5!, task.FileSize, task.RelativePath, elapsed);
    }

    /// <summary>
    /// Reads the chunk list and moves the task to merging in one transaction, so no chunk can be recorded
    /// between the two: the merge works on exactly the versions it claimed. A completed task is returned as is.
    /// </summary>
    private async Task<UploadTask> ClaimAsync(MergeChunksCommand command, CancellationToken ct)
    {
        var task = await tasks.FindWithAllChunksAsync(command.FileId!, ct) ?? throw new TaskNotFound(command.FileId!);
        task.EnsureMergeRequestAgrees(command.FileName, command.RelativePath, command.TotalChunks);
        if (task.Status != UploadTaskStatus.Completed)
        {
            task.BeginMerge(Now);
            await tasks.SaveAsync(task, ct);
        }

        return task;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<string> AssembleAndPublishAsync(UploadTask task, string? expectedMd5)
    {
        var chunks = task.Chunks.OrderBy(c => c.Index)
            .Select(c => new ChunkToMerge(c.Index, c.Location, c.Size, c.Md5, c.Checksum))
            .ToList();
        string finalPath;
        string md5;
        try
        {
            EnsureRoomToAssemble(task);
            await using var assembled = await storage.AssembleAsync(
                task.Id, chunks, RelativeFilePath.Parse(task.RelativePath), CancellationToken.None);

            if (assembled.CorruptChunks.Count > 0)
            {
                task.MarkChunksCorrupt(assembled.CorruptChunks, Now);
                throw new CorruptChunks(assembled.CorruptChunks);
            }

            if (expectedMd5 is not null && policy.EnableIntegrityCheck
                && !Md5Digest.Same(expectedMd5, assembled.Md5))
            {
                throw new ChecksumMismatch("the merged file", expectedMd5.ToLowerInvariant(), assembled.Md5);
            }

            finalPath = await PublishAsync(task, assembled);
            md5 = assembled.Md5;
        }
        catch (Exception ex) when (ex is DomainException or RequestRejectedException)
        {
            task.AbortMerge(ex.Message, Now);
            await tasks.SaveAsync(task, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            LogMergeFailed(ex, task.FileId);
            task.FailMerge(ex.Message, Now);
            await tasks.SaveAsync(task, CancellationToken.None);
            throw;
        }

        // A crash before this commit leaves the task merging with its target recorded; the start-up
        // reconciliation completes it if that file is in place, and takes it back to uploading otherwise.
        task.CompleteMerge(md5, finalPath, Now);
        await tasks.SaveAsync(task, CancellationToken.None);
        return finalPath;
    }

    /// <summary>
    /// Records the chosen target on the task before the file moves there, so that the outcome of a crash
    /// after the move can be read back from storage. A name taken between the choice and the move (another
    /// merge into the same folder) is chosen again.
    /// </summary>
    private async Task<string> PublishAsync(UploadTask task, IAssembledFile assembled)
    {
        for (var attempt = 1; ; attempt++)
        {
            var target = await assembled.ChooseTargetAsync(policy.OnConflict, CancellationToken.None);
            task.RecordMergeTarget(assembled.Md5, target, assembled.Identity, Now);
            await tasks.SaveAsync(task, CancellationToken.None);
            if (await assembled.PublishAsync(target, policy.OnConflict, CancellationToken.None))
            {
                return target;
            }

            if (attempt == MaxPublishAttempts)
            {
                throw new TargetExists(target);
            }
        }
    }

    /// <summary>
    /// The merged file needs its full size in merged_dir and must not push that volume below the hard floor,
    /// where every write is refused. Refused through the abort path: the task takes chunks again, its chunks
    /// are untouched, and the merge can simply be sent again once space is freed.
    /// </summary>
    private void EnsureRoomToAssemble(UploadTask task)
    {
        // Subtracted rather than added: both sizes may be near long.MaxValue, free space never is negative.
        var free = space.Merged().FreeBytes;
        if (free - task.FileSize < policy.HardFloorBytes)
        {
            throw new InsufficientStorage(
                $"The merged folder's volume has {free} bytes free; this merge needs {task.FileSize} bytes for the file plus {policy.HardFloorBytes} kept free. The chunks are kept; merge again once space is freed.");
        }
    }

    private MergeChunksResult AlreadyMerged(UploadTask task, string? expectedMd5)
    {
        if (expectedMd5 is not null && policy.EnableIntegrityCheck && !Md5Digest.Same(expectedMd5, task.FileMd5))
        {
            throw new ChecksumMismatch("the merged file", expectedMd5.ToLowerInvariant(), task.FileMd5 ?? string.Empty);
        }

        return new MergeChunksResult(task.FileId, task.FinalPath!, task.FileMd5!, task.FileSize, task.RelativePath, 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {FileId} merged into {FinalPath} ({Size} bytes) in {ElapsedMs} ms")]
    private partial void LogMerged(string fileId, string finalPath, long size, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Merge of task {FileId} failed")]
    private partial void LogMergeFailed(Exception exception, string fileId);
}
