using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Views;

public sealed record TaskSummaryView(
    string FileId,
    string FileName,
    string RelativePath,
    UploadTaskStatus Status,
    int TotalChunks,
    int UploadedChunks,
    long FileSize,
    long UploadedBytes,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int RetryCount,
    string? Md5)
{
    /// <summary>The summary stands for a folder upload (<see cref="FolderView.Summary"/>), not one file.</summary>
    public bool IsFolder { get; init; }

    /// <summary>The folder_task_id of the folder upload this file belongs to; null for a file uploaded on its own.</summary>
    public string? ParentTaskId { get; init; }

    public double CompletionRate => UploadStatusView.Rate(UploadedChunks, TotalChunks);
}
