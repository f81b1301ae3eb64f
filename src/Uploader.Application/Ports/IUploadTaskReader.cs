using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Ports;

/// <summary>Read-only projections of tasks, computed by the store without loading aggregates.</summary>
public interface IUploadTaskReader
{
    Task<UploadStatusView?> GetStatusAsync(string fileId, CancellationToken cancellationToken);

    Task<TaskSummaryView?> GetSummaryAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>The task's row alone, without its chunks: what a download of its merged file needs.</summary>
    Task<MergedFileView?> GetMergedFileAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>
    /// One page of task summaries, newest first (created_at, then id, both descending), and the number of
    /// tasks the filter selects. Chunk counts and sums are computed only for the page's rows.
    /// </summary>
    /// <param name="page">1-based.</param>
    Task<TaskPageView> ListAsync(UploadTaskStatus? status, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>The task's summary with every chunk row, ordered by index.</summary>
    Task<TaskDetailView?> GetDetailAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>The file_ids of up to <paramref name="limit"/> tasks in <paramref name="status"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> ListFileIdsAsync(UploadTaskStatus status, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> tasks the criteria select whose id comes after <paramref name="after"/>, in
    /// id order, so that a caller removing them page by page always moves forward.
    /// </summary>
    Task<IReadOnlyList<CleanupCandidate>> FindCleanupCandidatesAsync(
        CleanupCriteria criteria, Guid? after, int limit, CancellationToken cancellationToken);

    /// <summary>Whether the task is still selected by the criteria (re-checked just before it is removed).</summary>
    Task<bool> IsCleanupCandidateAsync(Guid taskId, CleanupCriteria criteria, CancellationToken cancellationToken);

    /// <summary>file_ids of tasks that are not completed, in file_id order after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<string>> ListUnfinishedFileIdsAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="taskIds"/> that have a task row.</summary>
    Task<IReadOnlySet<Guid>> FindExistingTaskIdsAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken cancellationToken);
}
