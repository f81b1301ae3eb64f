namespace Uploader.Client;

/// <summary>One chunk row of GET tasks/{file_id}; <see cref="Status"/> is <c>uploaded</c> or <c>corrupt</c>.</summary>
public sealed record ChunkInfo
{
    public int Index { get; init; }

    public long Size { get; init; }

    public required string Md5 { get; init; }

    public required string Status { get; init; }

    public DateTimeOffset UploadedAt { get; init; }

    public int RetryCount { get; init; }
}
