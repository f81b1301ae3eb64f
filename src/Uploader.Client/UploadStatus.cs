using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>GET upload_status. <see cref="Raw"/> is the server's JSON object as sent.</summary>
public sealed record UploadStatus
{
    public required string FileId { get; init; }

    public required string Status { get; init; }

    /// <summary>Indexes of the stored, usable chunks, ascending.</summary>
    public required IReadOnlyList<int> UploadedChunks { get; init; }

    public int TotalChunks { get; init; }

    public long FileSize { get; init; }

    public long UploadedBytes { get; init; }

    public double CompletionRate { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Only once completed.</summary>
    public string? Md5 { get; init; }

    /// <summary>Only once completed.</summary>
    public string? FilePath { get; init; }

    /// <summary>
    /// Only once completed: <c>present</c> (the file this task merged is at <see cref="FilePath"/>), <c>replaced</c>
    /// (another file is there now) or <c>missing</c>. Null from a server that does not report it.
    /// </summary>
    public string? MergedFile { get; init; }

    /// <summary>Only while merging: bytes of the file written so far. Null from a server that does not report it.</summary>
    public long? MergedBytes { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
