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
    TimeSpan Elapsed);
