using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>
/// GET health: <c>healthy</c>, <c>warning</c> (HTTP 200) or <c>unhealthy</c> (HTTP 503, returned, not thrown).
/// <see cref="Raw"/> is the server's JSON object, disk figures included.
/// </summary>
public sealed record HealthReport
{
    public required string Status { get; init; }

    public DateTimeOffset Timestamp { get; init; }

    public required IReadOnlyDictionary<string, HealthCheckResult> Checks { get; init; }

    /// <summary>The HTTP status the server answered with (200 or 503).</summary>
    [JsonIgnore]
    public int HttpStatus { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }
}
