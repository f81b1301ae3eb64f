using Uploader.Application.Tasks.Commands.RemoveOrphanData;

namespace Uploader.Application.Ports;

/// <summary>
/// Stored data nothing refers to any more, which a crash or an abandoned request leaves behind: chunk data of
/// tasks whose row was removed (the row goes first, see DeleteTask), request bodies still in staging, and
/// temp files of merges that never finished.
/// </summary>
public interface IStorageLeftovers
{
    /// <summary>
    /// Removes chunk data of tasks that no longer exist, and staged bodies and merge temp files last written
    /// before <paramref name="leftoverBefore"/>. An entry that cannot be removed is logged and left for the next call.
    /// </summary>
    /// <param name="findLiveTasks">
    /// Given task ids found in storage, answers those that still exist. Called with a bounded batch at a time,
    /// so that the ids of the whole store are never held in memory.
    /// </param>
    Task<OrphanRemoval> RemoveAsync(
        Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlySet<Guid>>> findLiveTasks,
        DateTime leftoverBefore,
        CancellationToken cancellationToken);
}
