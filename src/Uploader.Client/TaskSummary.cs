using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>A task in GET tasks, and the answer of pause and resume. <see cref="Raw"/> is the server's JSON object.</summary>
public sealed record TaskSummary
{
    public required string FileId { get; init; }

    public string? Filename { get; init; }

    public string? RelativePath { get; init; }

    public required string Status { get; init; }

    public int TotalChunks { get; init; }

    /// <summary>A count of the usable stored chunks.</summary>
    public int UploadedChunks { get; init; }

    public long FileSize { get; init; }

    public long UploadedBytes { get; init; }

    public double CompletionRate { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public int RetryCount { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
