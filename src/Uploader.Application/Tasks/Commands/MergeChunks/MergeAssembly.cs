using Microsoft.Extensions.Logging;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

/// <summary>
/// Assembles and verifies a claimed task's file beside its target, publishes it, then records completion and drops
/// the chunks: the part of a merge after the claim, the same whether the request waits for it or not.
/// </summary>
/// <remarks>
/// Runs to its end whatever happens to the request that claimed the task (no token is taken): a half-done merge
/// would only have to be redone, and the task must not be left claimed.
/// </remarks>
public sealed partial class MergeAssembly(
    IUploadTaskRepository tasks,
    IChunkStorage storage,
    IStorageSpace space,
    UploadPolicy policy,
    TimeProvider clock,
    ILogger<MergeAssembly> logger)
{
    private const int MaxPublishAttempts = 5;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <param name="task">Claimed (merging) and loaded with all its chunks.</param>
    /// <param name="lease">This instance's lease on the merge, held by the caller for the whole run.</param>
    /// <exception cref="MergeLeaseLost">Another instance took the merge over; the task is left to it untouched.</exception>
    public async Task<MergeCompleted> RunAsync(UploadTask task, string? expectedMd5, MergeLease lease)
    {
        var finalPath = await AssembleAndPublishAsync(task, expectedMd5, lease);
        await storage.DeleteTaskDataAsync(task.Id, CancellationToken.None);
        return new MergeCompleted(task.FileId, finalPath, task.FileMd5!, task.FileSize, task.RelativePath, Assembled: true);
    }

    private async Task<string> AssembleAndPublishAsync(UploadTask task, string? expectedMd5, MergeLease lease)
    {
        var chunks = task.Chunks.OrderBy(c => c.Index)
            .Select(c => new ChunkToMerge(c.Index, c.Location, c.Size, c.Md5, c.Checksum))
            .ToList();
        string finalPath;
        string md5;
        try
        {
            EnsureRoomToAssemble(task);
            IAssembledFile assembled;
            await using (var progress = new MergeProgress(tasks, task.Id, clock, logger))
            {
                await progress.StartAsync();
                assembled = await storage.AssembleAsync(
                    task.Id, chunks, RelativeFilePath.Parse(task.RelativePath), progress, CancellationToken.None);
            }

            await using (assembled)
            {
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

                finalPath = await PublishAsync(task, assembled, lease);
                md5 = assembled.Md5;
            }
        }
        catch (Exception ex) when (lease.IsLost)
        {
            // The task is another instance's now: nothing of this run is recorded (its temp file was removed with
            // the assembled file), and the take-over's version bump would refuse any save anyway.
            LogLeaseLost(ex, task.FileId);
            throw new MergeLeaseLost(task.FileId);
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
    /// <remarks>
    /// The move is the one step another instance's recovery could not undo, so the lease is renewed right before it
    /// (ADR 0010): a recovery can only start a full lease length later, long after the move.
    /// </remarks>
    private async Task<string> PublishAsync(UploadTask task, IAssembledFile assembled, MergeLease lease)
    {
        for (var attempt = 1; ; attempt++)
        {
            var target = await assembled.ChooseTargetAsync(policy.OnConflict, CancellationToken.None);
            task.RecordMergeTarget(assembled.Md5, target, assembled.Identity, Now);
            await tasks.SaveAsync(task, CancellationToken.None);
            await lease.ConfirmAsync();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merge of task {FileId} stopped: its lease was lost to another instance")]
    private partial void LogLeaseLost(Exception exception, string fileId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Merge of task {FileId} failed")]
    private partial void LogMergeFailed(Exception exception, string fileId);
}
