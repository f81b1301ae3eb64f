using Microsoft.Extensions.Logging;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Commands;

/// <summary>
/// Removes a task the one safe way for delete, batch delete and cleanup alike: the status check and the row
/// removal in one transaction that no merge claim can interleave with, then the chunk data. A crash between
/// the two leaves chunk data of a task that no longer exists, which the expiry sweep removes; never a task
/// whose data is gone. One instance per scope, from DI, shared by the handlers that remove tasks.
/// </summary>
public sealed partial class TaskRemoval(
    IUploadTaskRepository tasks,
    IFolderUploadRepository folders,
    IMaintenanceQueries maintenance,
    IChunkStorage storage,
    ILogger<TaskRemoval> logger)
{
    /// <summary>
    /// Removes the task; with <paramref name="deleteFile"/> also the merged file of a completed task, if the file there
    /// is still the one the task produced.
    /// </summary>
    /// <returns>The bytes of chunk data removed, and for a completed task what became of its merged file.</returns>
    /// <exception cref="TaskNotFound">No task has this file_id.</exception>
    /// <exception cref="Domain.Errors.MergeInProgress">A merge has claimed the task; nothing is removed.</exception>
    public async Task<TaskRemoved> RemoveAsync(string fileId, bool deleteFile, CancellationToken cancellationToken)
    {
        var removed = await tasks.InTransactionAsync(
            async ct =>
            {
                var task = await tasks.FindAsync(fileId, ct) ?? throw new TaskNotFound(fileId);
                task.EnsureRemovable();
                await tasks.RemoveAsync(task, ct);
                return task;
            },
            cancellationToken);

        var freed = await DeleteChunkDataAsync(removed);
        if (removed is not { Status: UploadTaskStatus.Completed, FinalPath: { } mergedFile })
        {
            return new TaskRemoved(freed, null);
        }

        if (!deleteFile)
        {
            return new TaskRemoved(freed, MergedFileRemoval.Kept);
        }

        // The row is gone already: a failure here is reported, and the file stays as any file in merged_dir.
        var outcome = await storage.DeleteMergedFileAsync(mergedFile, removed.FileSize, removed.MergedFileIdentity, CancellationToken.None);
        LogMergedFile(removed.FileId, mergedFile, outcome);
        return new TaskRemoved(freed, outcome);
    }

    /// <summary>
    /// Removes a folder upload with all its files in one transaction, then each file's chunk data and, with
    /// <paramref name="deleteFile"/>, each completed file's merged file (as <see cref="RemoveAsync"/> does for one task).
    /// </summary>
    /// <returns>The bytes of chunk data removed (merged_file is not reported for a folder); null when no folder has this id.</returns>
    /// <exception cref="Domain.Errors.MergeInProgress">A merge has claimed one of the files; nothing is removed.</exception>
    public async Task<TaskRemoved?> RemoveFolderAsync(string folderTaskId, bool deleteFile, CancellationToken cancellationToken)
    {
        var removed = await tasks.InTransactionAsync(
            async ct =>
            {
                var folder = await folders.FindAsync(folderTaskId, ct);
                if (folder is null)
                {
                    return null;
                }

                folder.EnsureRemovable();
                await folders.RemoveAsync(folder, ct);
                return folder;
            },
            cancellationToken);

        if (removed is null)
        {
            return null;
        }

        long freed = 0;
        foreach (var file in removed.Files)
        {
            freed += await DeleteChunkDataAsync(file);
            if (deleteFile && file is { Status: UploadTaskStatus.Completed, FinalPath: { } mergedFile })
            {
                var outcome = await storage.DeleteMergedFileAsync(mergedFile, file.FileSize, file.MergedFileIdentity, CancellationToken.None);
                LogMergedFile(file.FileId, mergedFile, outcome);
            }
        }

        return new TaskRemoved(freed, null);
    }

    /// <summary>
    /// Removes the task if <paramref name="criteria"/> still select it once no chunk write or merge claim can
    /// change it any more: a chunk that arrived or a merge that finished since the candidate was listed keeps it.
    /// </summary>
    /// <returns>The bytes of chunk data removed, or null when the task was kept.</returns>
    public async Task<long?> RemoveIfSelectedAsync(
        CleanupCandidate candidate, CleanupCriteria criteria, CancellationToken cancellationToken)
    {
        var removed = await tasks.InTransactionAsync(
            async ct =>
            {
                // The task first: the store holds it from this read to the commit (SQLite's write lock, PostgreSQL's row
                // lock), so no chunk can be recorded for it between the check below and the removal.
                var task = await tasks.FindAsync(candidate.FileId, ct);
                if (task is null || task.Id != candidate.Id || !await maintenance.IsCleanupCandidateAsync(candidate.Id, criteria, ct))
                {
                    return null;
                }

                task.EnsureRemovable();
                await tasks.RemoveAsync(task, ct);
                return task;
            },
            cancellationToken);

        return removed is null ? null : await DeleteChunkDataAsync(removed);
    }

    /// <summary>
    /// Runs to its end even when the request is cancelled: the row is gone, and data left behind would wait for
    /// the next sweep. A failure is logged, not thrown, for the same reason.
    /// </summary>
    private async Task<long> DeleteChunkDataAsync(UploadTask task)
    {
        try
        {
            var freed = await storage.DeleteTaskDataAsync(task.Id, CancellationToken.None);
            LogRemoved(task.FileId, task.Status, freed);
            return freed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogChunkDataKept(ex, task.FileId);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {FileId} ({Status}) removed with {FreedBytes} bytes of chunk data")]
    private partial void LogRemoved(string fileId, UploadTaskStatus status, long freedBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Merged file {FilePath} of removed task {FileId}: {Outcome}")]
    private partial void LogMergedFile(string fileId, string filePath, MergedFileRemoval outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {FileId} was removed but its chunk data could not be; the next expiry sweep removes it")]
    private partial void LogChunkDataKept(Exception exception, string fileId);
}

/// <param name="FreedBytes">Bytes of chunk data removed.</param>
/// <param name="MergedFile">What became of the merged file; null when the task was not completed.</param>
public sealed record TaskRemoved(long FreedBytes, MergedFileRemoval? MergedFile);
