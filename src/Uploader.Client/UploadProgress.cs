namespace Uploader.Client;

/// <summary>
/// Progress of one file. <paramref name="BytesSent"/> and <paramref name="ChunksDone"/> count what the server holds,
/// chunks stored before this run included; <paramref name="BytesPerSecond"/> counts only bytes sent in this run.
/// </summary>
public sealed record UploadProgress(
    string FileId,
    string RelativePath,
    long BytesSent,
    long TotalBytes,
    int ChunksDone,
    int TotalChunks,
    double BytesPerSecond,
    UploadPhase Phase)
{
    /// <summary>While <see cref="UploadPhase.Reconnecting"/>: tries since the server was last heard from, from 1.</summary>
    public int ReconnectAttempt { get; init; }

    /// <summary>While <see cref="UploadPhase.Reconnecting"/>: the wait before that try.</summary>
    public TimeSpan NextAttemptIn { get; init; }

    /// <summary>
    /// While <see cref="UploadPhase.Merging"/> in the background form: bytes of the merged file the server has written,
    /// as its upload_status last said; null before it said any (or for a server that does not tell).
    /// </summary>
    public long? MergedBytes { get; init; }
}
