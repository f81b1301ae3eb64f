using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Persistence.Providers;

/// <summary>
/// SQLite: one file, one writer at a time. A transaction holds the write lock from its start (Microsoft.Data.Sqlite
/// begins with BEGIN IMMEDIATE), so a read-then-write transaction needs no row lock. Its migrations are the set bound to <see cref="UploaderDbContext"/>
/// itself (Persistence/Migrations), so the ids that existing databases recorded stay what they are.
/// </summary>
internal sealed class SqliteDialect : DatabaseDialect
{
    /// <summary>How long SQLite itself waits for another connection's write lock before answering busy.</summary>
    internal static readonly TimeSpan BusyWait = TimeSpan.FromSeconds(5);

    private readonly string _path;
    private readonly string _connectionString;

    public SqliteDialect(string database)
    {
        _path = Path.GetFullPath(database);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    internal override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    internal override string Description => _path;

    // BEGIN IMMEDIATE takes the write lock at once, so no other writer commits between the guarded count and the
    // chunk row, and a busy database fails the batch before anything of it ran.
    internal override string BeginWriteTransaction => "BEGIN IMMEDIATE;";

    internal override void AddContext(IServiceCollection services)
    {
        CreatedFiles.Folder(Path.GetDirectoryName(_path)!);
        CreatedFiles.EmptyFile(_path, CreatedFiles.PrivateMode);
        var busyTimeout = new SqliteBusyTimeout(BusyWait);
        services.AddDbContext<UploaderDbContext>(options => options.UseSqlite(_connectionString).AddInterceptors(busyTimeout));
    }

    /// <summary>
    /// EF's SQLite migration lock (a row in __EFMigrationsLock, taken before the history is read) keeps processes that
    /// share the file from migrating twice; WAL lets readers go on while the writer commits.
    /// </summary>
    internal override async Task MigrateAsync(UploaderDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    internal override DbConnection OpenWriterConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            // synchronous=FULL: a commit returns only once the WAL is fsynced, so an answered chunk survives a power
            // cut (docs/adr/0007-durability-of-an-acknowledged-chunk.md).
            pragmas.CommandText = $"PRAGMA busy_timeout = {(long)BusyWait.TotalMilliseconds}; PRAGMA synchronous = FULL;";
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>SQLITE_CONSTRAINT: primary key, unique index and foreign key alike.</summary>
    internal override bool IsConstraintViolation(Exception exception) => exception is SqliteException { SqliteErrorCode: 19 };

    // SQLite's LIKE ignores case itself, for ASCII letters only (its lower() knows no more without ICU); a letter
    // beyond ASCII matches in its own case.
    private protected override Expression<Func<string, string, bool>> LikeIgnoringCase =>
        (value, pattern) => EF.Functions.Like(value, pattern, LikeEscape);

}
