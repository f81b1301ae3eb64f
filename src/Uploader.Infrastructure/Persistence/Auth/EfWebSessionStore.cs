using Microsoft.EntityFrameworkCore;
using Uploader.Application.Auth;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Persistence.Auth;

/// <summary>Web sessions as rows of web_sessions, looked up by the hash of their id (the primary key).</summary>
internal sealed class EfWebSessionStore(UploaderDbContext db) : IWebSessionStore
{
    public async Task AddAsync(WebSession session, CancellationToken cancellationToken)
    {
        db.WebSessions.Add(WebSessionRow.From(session));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<WebSession?> FindAsync(string idHash, CancellationToken cancellationToken)
    {
        var row = await db.WebSessions.AsNoTracking().SingleOrDefaultAsync(r => r.IdHash == idHash, cancellationToken);
        return row?.ToSession();
    }

    public async Task<bool> DeleteAsync(string idHash, CancellationToken cancellationToken) =>
        await db.WebSessions.Where(r => r.IdHash == idHash).ExecuteDeleteAsync(cancellationToken) > 0;

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.UtcDateTime;
        return db.WebSessions.Where(r => r.ExpiresAt <= at).ExecuteDeleteAsync(cancellationToken);
    }
}
