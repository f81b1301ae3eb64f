using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.RemoveOrphanData;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// The file-system sweep for what stays local (staged bodies and merge parts in the staging folders), plus the chunk
/// objects of tasks that no longer exist (listed one task prefix at a time) and health probes left in the bucket.
/// </summary>
/// <remarks>
/// As on the file system, a chunk object is written only after its task row is committed and a task id never comes
/// back, so the objects of a task without a row can go without an age check.
/// </remarks>
public sealed partial class S3Leftovers(BucketClient bucket, S3Keys keys, FileSystemLeftovers local, ILogger<S3Leftovers> logger) : IStorageLeftovers
{
    private static readonly TimeSpan HealthProbeAge = TimeSpan.FromMinutes(1);

    public async Task<OrphanRemoval> RemoveAsync(
        Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlySet<Guid>>> findLiveTasks,
        DateTime leftoverBefore,
        CancellationToken cancellationToken)
    {
        var swept = await local.RemoveAsync(findLiveTasks, leftoverBefore, cancellationToken);
        var folders = 0;
        var files = 0;
        long bytes = 0;
        var batch = new List<Guid>(FileSystemLeftovers.BatchSize);
        async Task RemoveDeadAsync()
        {
            var live = await findLiveTasks(batch, cancellationToken);
            foreach (var taskId in batch.Where(id => !live.Contains(id)))
            {
                try
                {
                    bytes += await bucket.DeleteAllAsync(keys.TaskPrefix(taskId), cancellationToken);
                    folders++;
                }
                catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or IOException)
                {
                    LogKept(ex, keys.TaskPrefix(taskId));
                }
            }

            batch.Clear();
        }

        await foreach (var prefix in bucket.ListFoldersAsync(keys.TasksRoot, cancellationToken))
        {
            if (keys.TaskOf(prefix) is { } taskId)
            {
                batch.Add(taskId);
                if (batch.Count == FileSystemLeftovers.BatchSize)
                {
                    await RemoveDeadAsync();
                }
            }
        }

        if (batch.Count > 0)
        {
            await RemoveDeadAsync();
        }

        var probesBefore = DateTime.UtcNow - HealthProbeAge;
        await foreach (var probe in bucket.ListAsync(keys.HealthRoot, cancellationToken))
        {
            if (probe.LastModified is { } written && written.ToUniversalTime() < probesBefore)
            {
                await bucket.DeleteAsync(probe.Key, cancellationToken);
                files++;
                bytes += probe.Size ?? 0;
            }
        }

        return new OrphanRemoval(swept.TaskFolders + folders, swept.LeftoverFiles + files, swept.FreedBytes + bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove leftover objects under {Prefix}; the next sweep tries again")]
    private partial void LogKept(Exception exception, string prefix);
}
