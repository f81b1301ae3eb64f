using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Uploader.Infrastructure.Persistence.Providers;

/// <summary>
/// PostgreSQL: a server that several instances share. Its migrations are the set bound to
/// <see cref="PostgresUploaderDbContext"/> (Persistence/Migrations/Postgres). Writers wait for each other's row
/// locks instead of a database-wide write lock; a transaction that reads a task before it writes it locks the task
/// row first (FOR UPDATE), as SQLite's write lock would (docs/adr/0009).
/// </summary>
internal sealed class PostgresDialect : DatabaseDialect
{
    /// <summary>The advisory lock every instance migrates under: "Uploader" in ASCII, one key per database.</summary>
    internal const long MigrationLockKey = 0x55706C6F61646572;

    /// <summary>How long a starting instance waits for another one's migration before giving up.</summary>
    private const int MigrationLockWaitSeconds = 300;

    private readonly string _connectionString;

    public PostgresDialect(string database) => _connectionString = database;

    internal override DatabaseProvider Provider => DatabaseProvider.Postgres;

    internal override string Description
    {
        get
        {
            var parsed = new NpgsqlConnectionStringBuilder(_connectionString);
            var shown = new NpgsqlConnectionStringBuilder { Host = parsed.Host, Port = parsed.Port, Database = parsed.Database, Username = parsed.Username };
            return shown.ConnectionString;
        }
    }

    // Read committed: each guarded statement sees the newest committed row, and waits for a row another
    // transaction holds, then re-checks its condition on the row as that transaction left it.
    internal override string BeginWriteTransaction => "BEGIN ISOLATION LEVEL READ COMMITTED;";

    // At READ COMMITTED every later statement of the transaction sees what the lock holders committed before it.
    internal override string LockTaskRowSql => "SELECT 1 FROM upload_tasks WHERE file_id = {0} FOR UPDATE;";

    internal override string LockFolderFilesSql =>
        "SELECT 1 FROM upload_tasks WHERE folder_id = (SELECT id FROM folder_uploads WHERE folder_task_id = {0}) FOR UPDATE;";

    /// <summary>Why <paramref name="database"/> cannot be used as a connection string, or null when it can; never echoes it.</summary>
    public static string? Problem(string database)
    {
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(database);
            return string.IsNullOrWhiteSpace(parsed.Host) ? "is a connection string without Host=" : null;
        }
        catch (ArgumentException ex)
        {
            return $"is not an Npgsql connection string ({ex.Message})";
        }
    }

    internal override void AddContext(IServiceCollection services) =>
        services.AddDbContext<UploaderDbContext, PostgresUploaderDbContext>(options => options.UseNpgsql(_connectionString));

    /// <summary>
    /// Migrates while holding a session advisory lock on a connection of its own. EF's own migration lock
    /// (LOCK TABLE on the history table) can only be taken once that table exists, and instances that find no table
    /// create it at the same moment; the advisory lock needs no table. It goes with the connection if the process dies.
    /// </summary>
    internal override async Task MigrateAsync(UploaderDbContext db, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key);", MigrationLockWaitSeconds, cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key);", 30, CancellationToken.None);
        }
    }

    internal override DbConnection OpenWriterConnection()
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Class 23, integrity constraint violation: primary key, unique index and foreign key alike.</summary>
    internal override bool IsConstraintViolation(Exception exception) =>
        exception is PostgresException postgres && postgres.SqlState.StartsWith("23", StringComparison.Ordinal);

    // LIKE is case-sensitive here; ILIKE folds every letter the database's LC_CTYPE knows (in the C locale: ASCII only).
    private protected override Expression<Func<string, string, bool>> LikeIgnoringCase =>
        (value, pattern) => EF.Functions.ILike(value, pattern, LikeEscape);


    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, int timeoutSeconds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        command.Parameters.AddWithValue("key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
