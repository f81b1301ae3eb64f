namespace Uploader.Client;

/// <summary>One check of GET health (<c>database</c>, <c>upload_dir</c>, <c>merged_dir</c>, <c>disk_space</c>).</summary>
public sealed record HealthCheckResult
{
    public required string Status { get; init; }

    public string? Description { get; init; }

    public double DurationMs { get; init; }
}
