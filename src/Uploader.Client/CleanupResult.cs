using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>POST tasks/cleanup: tasks removed and chunk bytes freed. <see cref="Raw"/> is the server's JSON object.</summary>
public sealed record CleanupResult
{
    public int Cleaned { get; init; }

    public long FreedBytes { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
