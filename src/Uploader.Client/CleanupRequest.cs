namespace Uploader.Client;

/// <summary>
/// POST tasks/cleanup. With neither value the server removes the expired tasks; <see cref="Status"/> alone every
/// task in it; <see cref="OlderThanDays"/> alone every task idle that long; both, the intersection.
/// </summary>
public sealed record CleanupRequest(string? Status = null, int? OlderThanDays = null);
