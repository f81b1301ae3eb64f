using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.ReconcileStorage;

/// <remarks>
/// Runs before the server listens, so no request is in flight: every staged body and merge temp file is a
/// leftover (ADR 0004 says what changes when several instances share the stores). Tasks are walked a page
/// at a time, so the whole store is never held in memory.
/// </remarks>
public sealed partial class ReconcileStorageHandler(
    IUploadTaskRepository tasks,
    IUploadTaskReader reader,
    IChunkStorage storage,
    IStorageLeftovers leftovers,
    TimeProvider clock,
    ILogger<ReconcileStorageHandler> logger) : ICommandHandler<ReconcileStorageCommand, StorageReconciliation>
{
    private const int PageSize = 200;

    public async ValueTask<StorageReconciliation> Handle(ReconcileStorageCommand command, CancellationToken cancellationToken)
    {
        int checkedTasks = 0, forgotten = 0, removed = 0;
        string? after = null;
        IReadOnlyList<string> page;
        do
        {
            page = await reader.ListUnfinishedFileIdsAsync(after, PageSize, cancellationToken);
            foreach (var fileId in page)
            {
                var (lost, stray) = await ReconcileTaskAsync(fileId, cancellationToken);
                checkedTasks++;
                forgotten += lost;
                removed += stray;
            }

            after = page.Count > 0 ? page[^1] : after;
        }
        while (page.Count == PageSize);

        var orphans = await leftovers.RemoveAsync(
            reader.FindExistingTaskIdsAsync, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var result = new StorageReconciliation(checkedTasks, forgotten, removed, orphans);
        if (forgotten > 0 || removed > 0 || orphans.TaskFolders > 0 || orphans.LeftoverFiles > 0)
        {
            LogRepaired(checkedTasks, forgotten, removed, orphans.TaskFolders, orphans.LeftoverFiles, orphans.FreedBytes);
        }

        return result;
    }

    private async Task<(int Lost, int Stray)> ReconcileTaskAsync(string fileId, CancellationToken ct)
    {
        var task = await tasks.FindWithAllChunksAsync(fileId, ct);
        if (task is null)
        {
            return (0, 0);
        }

        var stored = await storage.ListChunkLocationsAsync(task.Id, ct);
        var lost = task.ForgetChunksNotIn(stored, clock.GetUtcNow().UtcDateTime);
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

        return (lost.Count, stray.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId}: chunks {Indexes} were recorded but their bytes are gone; they count as missing until sent again")]
    private partial void LogChunksLost(string fileId, IReadOnlyList<int> indexes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up reconciliation over {Tasks} unfinished task(s): {Forgotten} chunk record(s) without bytes forgotten, {Stray} unrecorded chunk version(s), {Folders} folder(s) of deleted tasks and {Files} leftover file(s) removed ({FreedBytes} bytes)")]
    private partial void LogRepaired(int tasks, int forgotten, int stray, int folders, int files, long freedBytes);
}
