namespace Uploader.Client;

/// <summary>
/// A merged file: <paramref name="FilePath"/> is where the server put it under merged_dir (differs from
/// <paramref name="RelativePath"/> when the server renamed it); <paramref name="ChunksSkipped"/> were already stored.
/// </summary>
public sealed record UploadResult(
    string FileId,
    string FilePath,
    string Md5,
    long Size,
    string? RelativePath,
    int ChunksSent,
    int ChunksSkipped,
    TimeSpan Elapsed)
{
    /// <summary>
    /// Set when this upload was a new task because the server no longer had the merged file of the task of the same
    /// id: that task's id.
    /// </summary>
    public string? ReuploadOf { get; init; }

    /// <summary>What the server said of that task's merged file: <c>missing</c> or <c>replaced</c>.</summary>
    public string? ReuploadReason { get; init; }
}
