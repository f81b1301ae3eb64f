using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>GET tasks: one page, newest first. <see cref="Raw"/> is the server's JSON object.</summary>
public sealed record TaskPage
{
    public required IReadOnlyList<TaskSummary> Tasks { get; init; }

    /// <summary>How many tasks the filter selects, on every page.</summary>
    public int Total { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
