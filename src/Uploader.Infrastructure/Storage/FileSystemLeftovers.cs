using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.RemoveOrphanData;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// Finds leftovers by walking the folders: task folders under upload_dir whose task has no row, staged
/// bodies in upload_dir/.staging (every instance's folder), `.uploader-*.merging` files anywhere under merged_dir and health probe files
/// at the top of both by age.
/// </summary>
/// <remarks>
/// A task folder is created only after its task row is committed, and a task GUID is never used again, so a
/// folder whose row is missing can never be wanted again: no age check is needed for it. An upload still
/// writing into a task that was just removed fails on its own (its record finds no task).
/// </remarks>
public sealed partial class FileSystemLeftovers(StorageLayout layout, ILogger<FileSystemLeftovers> logger) : IStorageLeftovers
{
    /// <summary>Task ids checked against the store per query.</summary>
    internal const int BatchSize = 500;

    private const string StagedPattern = "*.part";

    // Links too: a task folder swapped for a link is unlinked (MeasuredDelete.Folder), never enumerated.
    private static readonly EnumerationOptions TaskFolders = new()
    {
        AttributesToSkip = FileAttributes.None,
        IgnoreInaccessible = true,
    };

    /// <summary>A probe lives for milliseconds; one a minute old was left by a check that could not delete it.</summary>
    private static readonly TimeSpan HealthProbeAge = TimeSpan.FromMinutes(1);

    // Hidden entries too (the adapter's own names start with a dot); symbolic links are never followed.
    private static readonly EnumerationOptions TopLevel = new()
    {
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
    };

    private static readonly EnumerationOptions Everywhere = new()
    {
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
        RecurseSubdirectories = true,
    };

    public async Task<OrphanRemoval> RemoveAsync(
        Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlySet<Guid>>> findLiveTasks,
        DateTime leftoverBefore,
        CancellationToken cancellationToken)
    {
        var tally = new Tally();
        if (Directory.Exists(layout.UploadDir))
        {
            var batch = new List<Guid>(BatchSize);
            foreach (var folder in Directory.EnumerateDirectories(layout.UploadDir, "*", TaskFolders))
            {
                if (TaskIdOf(folder) is not { } taskId)
                {
                    continue;
                }

                batch.Add(taskId);
                if (batch.Count == BatchSize)
                {
                    await RemoveFoldersOfMissingTasksAsync(batch, findLiveTasks, tally, cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await RemoveFoldersOfMissingTasksAsync(batch, findLiveTasks, tally, cancellationToken);
            }
        }

        // Every instance's staging folder, by age only: another instance's request may be streaming into its own.
        if (StorageLayout.IsLink(layout.StagingRoot))
        {
            LogKept(new SymbolicLinkRefused(layout.StagingRoot, layout.UploadDir), layout.StagingRoot);
        }
        else
        {
            RemoveFilesWrittenBefore(layout.StagingRoot, StagedPattern, Everywhere, leftoverBefore, tally);
        }

        RemoveFilesWrittenBefore(layout.MergedDir, StorageLayout.MergeTempPattern, Everywhere, leftoverBefore, tally);

        // Against the file times themselves, so the system clock rather than the caller's.
        var probesBefore = DateTime.UtcNow - HealthProbeAge;
        RemoveFilesWrittenBefore(layout.UploadDir, StorageLayout.HealthProbePattern, TopLevel, probesBefore, tally);
        RemoveFilesWrittenBefore(layout.MergedDir, StorageLayout.HealthProbePattern, TopLevel, probesBefore, tally);
        return new OrphanRemoval(tally.TaskFolders, tally.Files, tally.Bytes);
    }

    /// <summary>The task id a folder is named after, only for names this adapter makes (<see cref="StorageLayout.TaskDir"/>).</summary>
    private Guid? TaskIdOf(string folder) =>
        Guid.TryParseExact(Path.GetFileName(folder), "N", out var id) && layout.TaskDir(id) == folder ? id : null;

    private async Task RemoveFoldersOfMissingTasksAsync(
        List<Guid> taskIds,
        Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlySet<Guid>>> findLiveTasks,
        Tally tally,
        CancellationToken ct)
    {
        var live = await findLiveTasks(taskIds, ct);
        foreach (var taskId in taskIds.Where(id => !live.Contains(id)))
        {
            var folder = layout.TaskDir(taskId);
            try
            {
                if (MeasuredDelete.Folder(folder, ref tally.Bytes))
                {
                    tally.TaskFolders++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogKept(ex, folder);
            }
        }
    }

    private void RemoveFilesWrittenBefore(
        string root, string pattern, EnumerationOptions options, DateTime before, Tally tally)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var file in new DirectoryInfo(root).EnumerateFiles(pattern, options))
        {
            if (file.LastWriteTimeUtc >= before)
            {
                continue;
            }

            try
            {
                tally.Bytes += MeasuredDelete.File(file.FullName);
                tally.Files++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogKept(ex, file.FullName);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove leftover {Path}; the next sweep tries again")]
    private partial void LogKept(Exception exception, string path);

    /// <summary>What one pass removed; fields so that deletions can add to them by reference.</summary>
    private sealed class Tally
    {
        public int TaskFolders;
        public int Files;
        public long Bytes;
    }
}
