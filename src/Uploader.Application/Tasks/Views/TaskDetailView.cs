using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Views;

/// <param name="UploadedChunks">Indexes of the usable chunks, ascending.</param>
/// <param name="Chunks">Every chunk row, usable or corrupt, ordered by index.</param>
/// <param name="MergedBytes">Bytes of the file assembled so far, while merging only.</param>
public sealed record TaskDetailView(
    TaskSummaryView Summary,
    IReadOnlyList<int> UploadedChunks,
    IReadOnlyList<ChunkView> Chunks,
    string? Md5,
    string? FilePath,
    string? LastError,
    string? MergedFileIdentity,
    long? MergedBytes)
{
    /// <summary>What is at <see cref="FilePath"/> now; looked up on storage for a completed task only.</summary>
    public MergedFileState? MergedFile { get; init; }
}
