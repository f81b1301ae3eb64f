using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Ports;

/// <summary>
/// Which tasks a batch, a cleanup, the start-up reconciliation or an orphan sweep acts on: selections of ids,
/// paged so that no caller holds the whole store. The callers state the rule (which statuses, which criteria);
/// the store only evaluates it.
/// </summary>
public interface IMaintenanceQueries
{
    /// <summary>The file_ids of up to <paramref name="limit"/> tasks in <paramref name="status"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> ListFileIdsAsync(UploadTaskStatus status, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// file_ids of tasks in one of <paramref name="statuses"/>, in file_id order after <paramref name="after"/>.
    /// </summary>
    Task<IReadOnlyList<string>> ListFileIdsAfterAsync(
        IReadOnlyCollection<UploadTaskStatus> statuses, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> tasks the criteria select whose id comes after <paramref name="after"/>, in
    /// id order, so that a caller removing them page by page always moves forward.
    /// </summary>
    Task<IReadOnlyList<CleanupCandidate>> FindCleanupCandidatesAsync(
        CleanupCriteria criteria, Guid? after, int limit, CancellationToken cancellationToken);

    /// <summary>Whether the task is still selected by the criteria (re-checked just before it is removed).</summary>
    Task<bool> IsCleanupCandidateAsync(Guid taskId, CleanupCriteria criteria, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="taskIds"/> that have a task row.</summary>
    Task<IReadOnlySet<Guid>> FindExistingTaskIdsAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken cancellationToken);
}
