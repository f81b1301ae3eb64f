using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Views;

/// <param name="UploadedChunks">Indexes of the usable chunks, ascending.</param>
/// <param name="Chunks">Every chunk row, usable or corrupt, ordered by index.</param>
public sealed record TaskDetailView(
    TaskSummaryView Summary,
    IReadOnlyList<int> UploadedChunks,
    IReadOnlyList<ChunkView> Chunks,
    string? Md5,
    string? FilePath,
    string? LastError,
    string? MergedFileIdentity)
{
    /// <summary>What is at <see cref="FilePath"/> now; looked up on storage for a completed task only.</summary>
    public MergedFileState? MergedFile { get; init; }
}
