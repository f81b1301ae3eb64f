namespace Uploader.Application.Policies;

/// <summary>How long a web session lasts (config `session_hours`).</summary>
public sealed record SessionPolicy
{
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(12);
}
