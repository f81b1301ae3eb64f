using Uploader.Domain.Tasks;

namespace Uploader.Application.Ports;

/// <summary>
/// Loads and saves <see cref="UploadTask"/>s with just the chunks a command needs, so that recording
/// one chunk costs the same for a task of 1 or 10,000 chunks.
/// </summary>
public interface IUploadTaskRepository
{
    Task<UploadTask?> FindAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>The task with only chunk <paramref name="index"/> loaded (if it is stored).</summary>
    Task<UploadTask?> FindWithChunkAsync(string fileId, int index, CancellationToken cancellationToken);

    Task<UploadTask?> FindWithAllChunksAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>Stores a new task; when another request created the same file_id first, returns that one.</summary>
    Task<UploadTask> AddOrGetAsync(UploadTask task, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the chunk changes of a task loaded by <see cref="FindWithChunkAsync"/> with a guarded write: each chunk
    /// is counted on the task row only while the task is uploading, so a task paused, merging or deleted meanwhile
    /// refuses it. Concurrent calls share one transaction (group commit); each returns only after that commit.
    /// Afterwards <see cref="UploadTask.UploadedChunks"/> is the stored count. No other column of the task row is
    /// written, so parallel chunks of one task never conflict on it.
    /// </summary>
    /// <exception cref="Errors.TaskNotFound">The task was removed.</exception>
    /// <exception cref="Errors.ConcurrentChange">Another request stored the same chunk index first.</exception>
    Task SaveChunksAsync(UploadTask task, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction that no chunk write can interleave with (SQLite:
    /// BEGIN IMMEDIATE; a server database: the task row locked for update).
    /// </summary>
    Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Saves a change of the task's state, refusing it if the task changed since it was loaded.</summary>
    /// <exception cref="Errors.ConcurrentChange">The task changed since it was loaded.</exception>
    Task SaveAsync(UploadTask task, CancellationToken cancellationToken);

    /// <summary>
    /// Records how many bytes of a merging task's file are written, for status answers only: no version check, no
    /// change of the task's state, and nothing is written once the task left merging.
    /// </summary>
    Task RecordMergeProgressAsync(Guid taskId, long mergedBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="owner"/>'s lease on a task this unit of work just claimed for a merge (saved as merging):
    /// run it inside the claim's <see cref="InTransactionAsync"/>, so the claim never commits without its lease.
    /// </summary>
    Task RecordMergeLeaseAsync(Guid taskId, string owner, DateTime until, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the lease of a merging task this repository loaded for <paramref name="owner"/> until <paramref name="until"/>,
    /// only if it ran out before <paramref name="now"/>, or has none, or (<paramref name="heldByEarlierRun"/>) is held by
    /// <paramref name="owner"/> itself, which at start-up can only be a leftover of this instance's previous process. One
    /// conditional write that also bumps the version, so the former holder's next save of the task is refused; the loaded
    /// task is then read again, so that its own next save carries that version.
    /// </summary>
    /// <returns>False when another owner's lease is live or the task is no longer merging.</returns>
    Task<bool> TakeOverMergeAsync(
        UploadTask task, string owner, DateTime now, DateTime until, bool heldByEarlierRun, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the task's row and with it every chunk row. Run it inside <see cref="InTransactionAsync"/>
    /// after <see cref="UploadTask.EnsureRemovable"/>, so that no merge can claim the task in between.
    /// </summary>
    /// <exception cref="Errors.ConcurrentChange">The task changed since it was loaded.</exception>
    Task RemoveAsync(UploadTask task, CancellationToken cancellationToken);
}
