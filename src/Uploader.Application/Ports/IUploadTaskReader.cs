using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Ports;

/// <summary>
/// The views clients read (upload_status, the task list and detail, a merged file's download), computed by the store
/// without loading aggregates. Which tasks maintenance acts on is <see cref="IMaintenanceQueries"/>.
/// </summary>
public interface IUploadTaskReader
{
    Task<UploadStatusView?> GetStatusAsync(string fileId, CancellationToken cancellationToken);

    Task<TaskSummaryView?> GetSummaryAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>The task's row alone, without its chunks: what a download of its merged file needs.</summary>
    Task<MergedFileView?> GetMergedFileAsync(string fileId, CancellationToken cancellationToken);

    /// <summary>
    /// One page of task summaries, newest first (created_at, then id, both descending), and the number of
    /// tasks the filter selects. Chunk counts and sums are computed only for the page's rows. Without a status, a
    /// folder upload is one row (<see cref="FolderView.Summary"/>) and its files are not listed; with one, the files
    /// in that status are listed, each with its <see cref="TaskSummaryView.ParentTaskId"/>.
    /// </summary>
    /// <param name="search">
    /// Only rows whose name contains this text, case-insensitively, every character of it literal (no wildcards); no
    /// search when null. A task matches on its file name or relative path; a folder's row (the list without a status)
    /// on its folder name or on the file name or relative path of any of its files. The total counts the matches.
    /// </param>
    /// <param name="page">1-based.</param>
    Task<TaskPageView> ListAsync(
        UploadTaskStatus? status, string? search, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>A folder upload with its files' summaries, ordered by relative path.</summary>
    Task<FolderView?> GetFolderAsync(string folderTaskId, CancellationToken cancellationToken);

    /// <summary>The task's summary with every chunk row, ordered by index.</summary>
    Task<TaskDetailView?> GetDetailAsync(string fileId, CancellationToken cancellationToken);
}
