namespace Uploader.Application.Policies;

/// <summary>How long the server keeps what nobody finished (config.json).</summary>
public sealed record RetentionPolicy
{
    /// <summary>An unfinished task with no activity for this long expires (config `task_expiry_hours`).</summary>
    public TimeSpan TaskExpiry { get; init; } = TimeSpan.FromHours(168);

    /// <summary>
    /// A staged body or merge temp file not written to for this long belongs to no running request: a request
    /// writes its file continuously, and a crash leaves it behind.
    /// </summary>
    public TimeSpan LeftoverAge { get; init; } = TimeSpan.FromHours(1);
}
