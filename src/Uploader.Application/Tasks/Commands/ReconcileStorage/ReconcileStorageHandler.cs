using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.ReconcileStorage;

/// <remarks>
/// Runs before the server listens, so none of this instance's requests is in flight, but other instances sharing the
/// stores may be working (ADR 0004): a `merging` task is settled only once its lease ran out or when it is this
/// instance's own from before (ADR 0010), and staged bodies and merge temp files are removed only by age (this
/// instance's own staging folder was emptied before). Tasks are walked a page at a time, so the whole store is never
/// held in memory.
/// </remarks>
public sealed partial class ReconcileStorageHandler(
    IUploadTaskRepository tasks,
    ITusUploadRepository tusUploads,
    IMaintenanceQueries maintenance,
    IChunkStorage storage,
    IStorageLeftovers leftovers,
    InterruptedMerge interrupted,
    RetentionPolicy retention,
    TimeProvider clock,
    ILogger<ReconcileStorageHandler> logger) : ICommandHandler<ReconcileStorageCommand, StorageReconciliation>
{
    private const int PageSize = 200;

    /// <summary>The tasks whose records and chunk files may disagree after a crash: every one not completed.</summary>
    private static readonly UploadTaskStatus[] Unfinished =
        [.. Enum.GetValues<UploadTaskStatus>().Where(s => s != UploadTaskStatus.Completed)];

    public async ValueTask<StorageReconciliation> Handle(ReconcileStorageCommand command, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        string? after = null;
        IReadOnlyList<string> page;
        do
        {
            page = await maintenance.ListFileIdsAfterAsync(Unfinished, after, PageSize, cancellationToken);
            foreach (var fileId in page)
            {
                await ReconcileTaskAsync(fileId, tally, cancellationToken);
                tally.Tasks++;
            }

            after = page.Count > 0 ? page[^1] : after;
        }
        while (page.Count == PageSize);

        var orphans = await leftovers.RemoveAsync(maintenance.FindExistingTaskIdsAsync, Now - retention.LeftoverAge, cancellationToken);
        var result = new StorageReconciliation(
            tally.Tasks, tally.Forgotten, tally.Stray, orphans, tally.MergesCompleted, tally.MergesReopened, tally.MergesLeft);
        if (tally.MergesCompleted > 0 || tally.MergesReopened > 0 || tally.Forgotten > 0 || tally.Stray > 0
            || orphans.TaskFolders > 0 || orphans.LeftoverFiles > 0)
        {
            LogRepaired(
                tally.Tasks, tally.MergesCompleted, tally.MergesReopened, tally.Forgotten, tally.Stray,
                orphans.TaskFolders, orphans.LeftoverFiles, orphans.FreedBytes);
        }

        return result;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <remarks>
    /// Other instances may be recording chunks of the same task meanwhile. A task that is not merging is compared inside
    /// one transaction, which no chunk record can interleave with, and a replaced version is only removed after its
    /// successor's record committed: a record whose bytes are missing then is truly lost. A stored version no record
    /// points to may be one that another instance is about to record (its bytes land before its record), so only
    /// versions older than the leftover age are removed. A merging task is compared while this instance holds its lease,
    /// when nothing can change its chunks.
    /// </remarks>
    private async Task ReconcileTaskAsync(string fileId, Tally tally, CancellationToken ct)
    {
        var (task, stray) = await tasks.InTransactionAsync(
            async t =>
            {
                var found = await tasks.FindWithAllChunksAsync(fileId, t);
                return found is null or { Status: UploadTaskStatus.Merging }
                    ? (found, (IReadOnlyList<string>)[])
                    : (found, await CompareChunksAsync(found, tally, t));
            },
            ct);
        if (task is { Status: UploadTaskStatus.Merging })
        {
            switch (await interrupted.SettleAsync(task, heldByEarlierRun: true, async (held, t) => stray = await CompareChunksAsync(held, tally, t), ct))
            {
                case MergeSettlement.LeftToOwner:
                    // Its chunks are being read by the merge that owns it: nothing here is a leftover.
                    tally.MergesLeft++;
                    return;
                case MergeSettlement.Completed:
                    tally.MergesCompleted++;
                    return;
                case MergeSettlement.Reopened:
                    tally.MergesReopened++;
                    break;
            }
        }

        foreach (var location in stray)
        {
            await storage.DeleteChunkAsync(task!.Id, location, ct);
        }

        tally.Stray += stray.Count;
    }

    /// <summary>Forgets (and saves) records whose bytes are gone.</summary>
    /// <returns>The stored versions no record points to that are older than the leftover age.</returns>
    private async Task<IReadOnlyList<string>> CompareChunksAsync(UploadTask task, Tally tally, CancellationToken ct)
    {
        var stored = await storage.ListChunkLocationsAsync(task.Id, ct);
        var lost = task.ForgetChunksNotIn(stored, Now);
        if (lost.Count > 0)
        {
            await tasks.SaveAsync(task, ct);
            LogChunksLost(task.FileId, lost);
            tally.Forgotten += lost.Count;
        }

        // A tus upload's tail is stored like a chunk version but recorded on the upload's row, not as a chunk.
        var recorded = task.Chunks.Select(c => c.Location).ToHashSet(StringComparer.Ordinal);
        recorded.UnionWith(await tusUploads.TailLocationsAsync(task.Id, ct));
        var old = await storage.ListChunkLocationsAsync(task.Id, Now - retention.LeftoverAge, ct);
        return [.. old.Where(location => !recorded.Contains(location))];
    }

    private sealed class Tally
    {
        public int Tasks { get; set; }

        public int Forgotten { get; set; }

        public int Stray { get; set; }

        public int MergesCompleted { get; set; }

        public int MergesReopened { get; set; }

        public int MergesLeft { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId}: chunks {Indexes} were recorded but their bytes are gone; they count as missing until sent again")]
    private partial void LogChunksLost(string fileId, IReadOnlyList<int> indexes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up reconciliation over {Tasks} unfinished task(s): {MergesCompleted} interrupted merge(s) completed and {MergesReopened} reopened, {Forgotten} chunk record(s) without bytes forgotten, {Stray} unrecorded chunk version(s), {Folders} folder(s) of deleted tasks and {Files} leftover file(s) removed ({FreedBytes} bytes)")]
    private partial void LogRepaired(
        int tasks, int mergesCompleted, int mergesReopened, int forgotten, int stray, int folders, int files, long freedBytes);
}
