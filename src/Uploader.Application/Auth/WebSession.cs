namespace Uploader.Application.Auth;

/// <summary>
/// A browser's login, as stored: only a hash of its id (the id itself is in the cookie alone, so a copy of the
/// database opens no session), when it began and when it ends.
/// </summary>
public sealed record WebSession(string IdHash, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt;
}
