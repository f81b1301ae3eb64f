using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tasks.Views;

/// <param name="MergedBytes">Bytes of the file assembled so far, while merging only.</param>
public sealed record UploadStatusView(
    string FileId,
    UploadTaskStatus Status,
    IReadOnlyList<int> UploadedChunks,
    int TotalChunks,
    long FileSize,
    long UploadedBytes,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? Md5,
    string? FilePath,
    string? MergedFileIdentity,
    long? MergedBytes)
{
    /// <summary>What is at <see cref="FilePath"/> now; looked up on storage for a completed task only.</summary>
    public MergedFileState? MergedFile { get; init; }

    public double CompletionRate => Rate(UploadedChunks.Count, TotalChunks);

    internal static double Rate(int uploaded, int total) =>
        total == 0 ? 0 : Math.Round(uploaded * 100.0 / total, 2);
}
