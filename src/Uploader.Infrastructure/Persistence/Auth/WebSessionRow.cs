using Uploader.Application.Auth;

namespace Uploader.Infrastructure.Persistence.Auth;

/// <summary>A row of web_sessions: the session as <see cref="WebSession"/> has it.</summary>
internal sealed class WebSessionRow
{
    private WebSessionRow(string idHash, DateTime createdAt, DateTime expiresAt)
    {
        IdHash = idHash;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
    }

    public string IdHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public static WebSessionRow From(WebSession session) =>
        new(session.IdHash, session.CreatedAt.UtcDateTime, session.ExpiresAt.UtcDateTime);

    public WebSession ToSession() =>
        new(IdHash, new DateTimeOffset(CreatedAt, TimeSpan.Zero), new DateTimeOffset(ExpiresAt, TimeSpan.Zero));
}
