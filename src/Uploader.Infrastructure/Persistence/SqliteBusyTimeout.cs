using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// Lets SQLite itself wait for a busy write lock (<c>PRAGMA busy_timeout</c>) on every connection the store opens.
/// Without it Microsoft.Data.Sqlite retries a busy statement after fixed 150 ms sleeps, which put a 150 / 300 ms
/// tail on chunk writes as soon as a few of them contend for the lock; SQLite's own handler retries after 1, 2,
/// 5, 10 ms and so on, so a lock held for a few milliseconds costs about that much.
/// </summary>
internal sealed class SqliteBusyTimeout(TimeSpan wait) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Pragma(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Pragma(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Pragma(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {(long)wait.TotalMilliseconds};";
        return command;
    }
}
