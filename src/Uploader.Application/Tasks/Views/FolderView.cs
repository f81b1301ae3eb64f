using Uploader.Domain.Folders;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Views;

/// <summary>A folder upload and its files' summaries (ordered by relative path); its figures add up theirs.</summary>
public sealed record FolderView(string FolderTaskId, string FolderName, DateTime CreatedAt, IReadOnlyList<TaskSummaryView> Files)
{
    public int TotalFiles => Files.Count;

    public int CompletedFiles => Files.Count(f => f.Status == UploadTaskStatus.Completed);

    public int FailedFiles => Files.Count(f => f.Status == UploadTaskStatus.Failed);

    public long TotalSize => Files.Sum(f => f.FileSize);

    public long UploadedSize => Files.Sum(f => f.UploadedBytes);

    public UploadTaskStatus Status => FolderUpload.StatusOf([.. Files.Select(f => f.Status)]);

    public DateTime UpdatedAt => Files.Select(f => f.UpdatedAt).Append(CreatedAt).Max();

    /// <summary>The folder as one row of the task list: chunk counts and bytes summed over its files.</summary>
    public TaskSummaryView Summary => new(
        FolderTaskId,
        FolderName,
        FolderName,
        Status,
        Files.Sum(f => f.TotalChunks),
        Files.Sum(f => f.UploadedChunks),
        TotalSize,
        UploadedSize,
        CreatedAt,
        UpdatedAt,
        Files.Sum(f => f.RetryCount),
        null)
    { IsFolder = true };
}
