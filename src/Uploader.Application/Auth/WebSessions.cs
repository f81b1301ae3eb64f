using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Uploader.Application.Policies;
using Uploader.Application.Ports;

namespace Uploader.Application.Auth;

/// <summary>
/// Starts, finds and ends web sessions. A session id is 32 random bytes (256 bits) in base64url; the store keeps
/// its SHA-256, so the id is compared by looking up its hash, never by comparing secrets in process.
/// </summary>
public sealed class WebSessions(IWebSessionStore store, SessionPolicy policy, TimeProvider clock)
{
    private const int IdBytes = 32;

    /// <summary>Length of an id in base64url without padding: anything else is no id and is not looked up.</summary>
    public static readonly int IdLength = Base64Url.GetEncodedLength(IdBytes);

    /// <summary>Starts a session; returns its id, which only the caller ever sees, and the session as stored.</summary>
    public async Task<(string Id, WebSession Session)> StartAsync(CancellationToken cancellationToken)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        var now = clock.GetUtcNow();
        var session = new WebSession(HashOf(id), now, now + policy.Lifetime);
        await store.AddAsync(session, cancellationToken);
        return (id, session);
    }

    /// <summary>The session <paramref name="id"/> names if it is still valid; otherwise null.</summary>
    public async Task<WebSession?> FindValidAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(id))
        {
            return null;
        }

        var session = await store.FindAsync(HashOf(id), cancellationToken);
        return session is not null && session.IsValidAt(clock.GetUtcNow()) ? session : null;
    }

    /// <summary>Ends the session <paramref name="id"/> names; false when there was none.</summary>
    public Task<bool> EndAsync(string id, CancellationToken cancellationToken) =>
        IsWellFormed(id) ? store.DeleteAsync(HashOf(id), cancellationToken) : Task.FromResult(false);

    private static bool IsWellFormed(string id) => id.Length == IdLength && Base64Url.IsValid(id);

    private static string HashOf(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(id)));
}
