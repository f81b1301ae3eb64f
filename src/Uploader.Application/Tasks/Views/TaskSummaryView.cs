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
    public double CompletionRate => UploadStatusView.Rate(UploadedChunks, TotalChunks);
}
