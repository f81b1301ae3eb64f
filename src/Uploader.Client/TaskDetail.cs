using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>GET tasks/{file_id}: the task with every chunk row. <see cref="Raw"/> is the server's JSON object.</summary>
public sealed record TaskDetail
{
    public required string FileId { get; init; }

    public string? Filename { get; init; }

    public string? RelativePath { get; init; }

    public required string Status { get; init; }

    public int TotalChunks { get; init; }

    /// <summary>Indexes of the usable stored chunks, ascending.</summary>
    public required IReadOnlyList<int> UploadedChunks { get; init; }

    public long FileSize { get; init; }

    public long UploadedBytes { get; init; }

    public double CompletionRate { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public int RetryCount { get; init; }

    public string? Md5 { get; init; }

    public string? FilePath { get; init; }

    public string? LastError { get; init; }

    public required IReadOnlyList<ChunkInfo> Chunks { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
