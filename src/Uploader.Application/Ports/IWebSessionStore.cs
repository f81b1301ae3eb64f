using Uploader.Application.Auth;

namespace Uploader.Application.Ports;

/// <summary>Web sessions in the task store, so that they survive a restart and work on every instance.</summary>
public interface IWebSessionStore
{
    Task AddAsync(WebSession session, CancellationToken cancellationToken);

    /// <summary>The session whose id hashes to <paramref name="idHash"/>, expired or not; null when there is none.</summary>
    Task<WebSession?> FindAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>Ends a session; false when there was none (already ended, expired and swept, or never).</summary>
    Task<bool> DeleteAsync(string idHash, CancellationToken cancellationToken);

    /// <summary>Deletes every session expired at <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
