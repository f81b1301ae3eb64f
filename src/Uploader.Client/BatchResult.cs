using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>POST tasks/batch: one result per task, in order. <see cref="Raw"/> is the server's JSON object.</summary>
public sealed record BatchResult
{
    public required IReadOnlyList<BatchItemResult> Results { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
