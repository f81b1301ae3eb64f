using System.Text.Json.Serialization;

namespace Uploader.Api.Contracts;

/// <summary>The answer of the health and readiness probes.</summary>
/// <param name="Status">healthy, warning (still 200) or unhealthy (503): the worst of the checks.</param>
/// <param name="Timestamp">When the checks ran, UTC.</param>
/// <param name="Checks">Each check by name: database, upload_dir, merged_dir, disk_space.</param>
public sealed record HealthResponse(string Status, DateTime Timestamp, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

/// <summary>One check: its status, why, how long it took, and its own figures beside them.</summary>
/// <param name="Status">healthy, warning or unhealthy.</param>
/// <param name="Description">What the check found.</param>
/// <param name="DurationMs">How long the check took.</param>
public sealed record HealthCheckResponse(string Status, string Description, double DurationMs)
{
    /// <summary>
    /// The check's figures as fields of their own; disk_space adds free_bytes, total_bytes and usage_percent of
    /// the volume that sets its status, the same for each volume under upload and merged, and the thresholds.
    /// </summary>
    [JsonExtensionData]
    public IDictionary<string, object>? Figures { get; init; }
}
