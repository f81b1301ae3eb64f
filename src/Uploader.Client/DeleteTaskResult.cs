using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>DELETE tasks/{file_id}. <see cref="Raw"/> is the server's JSON object.</summary>
public sealed record DeleteTaskResult
{
    public string FileId { get; init; } = string.Empty;

    /// <summary>
    /// What became of a completed task's merged file: deleted, kept (not asked to delete it), replaced (the file there
    /// is no longer the one this task produced, so it was not deleted), missing, or refused (its path passes through a
    /// symbolic link inside merged_dir). Null for a task that never completed.
    /// </summary>
    public string? MergedFile { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
