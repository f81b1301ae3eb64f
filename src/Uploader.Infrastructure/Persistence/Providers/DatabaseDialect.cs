using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Uploader.Infrastructure.Persistence.Providers;

/// <summary>
/// Everything the task store does differently per database, in one place per provider: how the context is
/// configured, how migrations are applied, how the group-commit writer opens its connection and its transaction,
/// which errors mean a constraint refused a row, and how the store is named in logs. The queries themselves are
/// the same LINQ and the same SQL on both (docs/adr/0009-postgresql-and-migrations-per-provider.md). Public only
/// as a type that services take; nothing of it is usable outside Infrastructure.
/// </summary>
public abstract class DatabaseDialect
{
    private protected DatabaseDialect()
    {
    }

    internal static DatabaseDialect For(DatabaseProvider provider, string database) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(database),
        DatabaseProvider.Postgres => new PostgresDialect(database),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };

    internal abstract DatabaseProvider Provider { get; }

    /// <summary>Where the store is, safe to log and to show: never a password.</summary>
    internal abstract string Description { get; }

    /// <summary>Registers <see cref="UploaderDbContext"/> as this provider's context, with the migrations set it owns.</summary>
    internal abstract void AddContext(IServiceCollection services);

    /// <summary>Applies the pending migrations once however many instances start at the same time.</summary>
    internal abstract Task MigrateAsync(UploaderDbContext db, CancellationToken cancellationToken);

    /// <summary>A new open connection for the group-commit writer, set up for its commits.</summary>
    internal abstract DbConnection OpenWriterConnection();

    /// <summary>Starts the writer's transaction: it must hold what it writes until its commit.</summary>
    internal abstract string BeginWriteTransaction { get; }

    /// <summary>
    /// SQL that locks one task row (by file_id, parameter {0}) until the transaction ends, run before a read-then-write
    /// transaction (merge claim, removal) loads the task; null where the transaction holds the write lock already.
    /// </summary>
    internal virtual string? LockTaskRowSql => null;

    /// <summary>The same for every file of a folder upload, by folder_task_id ({0}).</summary>
    internal virtual string? LockFolderFilesSql => null;

    /// <summary>A row refused by a key, a unique index or a foreign key: a lost race, not a fault.</summary>
    internal abstract bool IsConstraintViolation(Exception exception);
}
