using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands.ReconcileStorage;

/// <remarks>
/// Runs before the server listens, so no request is in flight: every staged body and merge temp file is a
/// leftover and every `merging` task was interrupted (ADR 0004 says what changes when several instances
/// share the stores). Tasks are walked a page at a time, so the whole store is never held in memory.
/// </remarks>
public sealed partial class ReconcileStorageHandler(
    IUploadTaskRepository tasks,
    IMaintenanceQueries maintenance,
    IChunkStorage storage,
    IStorageLeftovers leftovers,
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

        var orphans = await leftovers.RemoveAsync(maintenance.FindExistingTaskIdsAsync, Now, cancellationToken);
        var result = new StorageReconciliation(
            tally.Tasks, tally.Forgotten, tally.Stray, orphans, tally.MergesCompleted, tally.MergesReopened);
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

    private async Task ReconcileTaskAsync(string fileId, Tally tally, CancellationToken ct)
    {
        var task = await tasks.FindWithAllChunksAsync(fileId, ct);
        if (task is null)
        {
            return;
        }

        if (task.Status == UploadTaskStatus.Merging && await SettleInterruptedMergeAsync(task, tally, ct))
        {
            return;
        }

        var stored = await storage.ListChunkLocationsAsync(task.Id, ct);
        var lost = task.ForgetChunksNotIn(stored, Now);
        if (lost.Count > 0)
        {
            await tasks.SaveAsync(task, ct);
            LogChunksLost(fileId, lost);
        }

        var recorded = task.Chunks.Select(c => c.Location).ToHashSet(StringComparer.Ordinal);
        var stray = stored.Where(location => !recorded.Contains(location)).ToList();
        foreach (var location in stray)
        {
            await storage.DeleteChunkAsync(task.Id, location, ct);
        }

        tally.Forgotten += lost.Count;
        tally.Stray += stray.Count;
    }

    /// <summary>
    /// A merge records its target and md5 before it moves the file there (see MergeChunksHandler), so the
    /// file being in place with that md5 means only the completion was lost: it is completed, not merged
    /// again under a new name. Anything else reopens the task; its chunks are still stored.
    /// </summary>
    /// <returns>True when the task was completed and has nothing left to reconcile.</returns>
    private async Task<bool> SettleInterruptedMergeAsync(UploadTask task, Tally tally, CancellationToken ct)
    {
        var published = task is { FinalPath: { } path, FileMd5: { } md5 }
            && await storage.HoldsMergedFileAsync(path, task.FileSize, md5, ct);
        task.RecoverInterruptedMerge(published, Now);
        await tasks.SaveAsync(task, ct);
        if (task.Status != UploadTaskStatus.Completed)
        {
            tally.MergesReopened++;
            LogMergeReopened(task.FileId);
            return false;
        }

        await storage.DeleteTaskDataAsync(task.Id, ct);
        tally.MergesCompleted++;
        LogMergeCompleted(task.FileId, task.FinalPath!);
        return true;
    }

    private sealed class Tally
    {
        public int Tasks { get; set; }

        public int Forgotten { get; set; }

        public int Stray { get; set; }

        public int MergesCompleted { get; set; }

        public int MergesReopened { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId}: chunks {Indexes} were recorded but their bytes are gone; they count as missing until sent again")]
    private partial void LogChunksLost(string fileId, IReadOnlyList<int> indexes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId} was merging when the server stopped and its file was already in place at {FinalPath}; the merge is completed")]
    private partial void LogMergeCompleted(string fileId, string finalPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId} was merging when the server stopped; it is back to uploading and can be merged again")]
    private partial void LogMergeReopened(string fileId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up reconciliation over {Tasks} unfinished task(s): {MergesCompleted} interrupted merge(s) completed and {MergesReopened} reopened, {Forgotten} chunk record(s) without bytes forgotten, {Stray} unrecorded chunk version(s), {Folders} folder(s) of deleted tasks and {Files} leftover file(s) removed ({FreedBytes} bytes)")]
    private partial void LogRepaired(
        int tasks, int mergesCompleted, int mergesReopened, int forgotten, int stray, int folders, int files, long freedBytes);
}
