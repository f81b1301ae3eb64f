using Uploader.Infrastructure.Persistence.Providers;

namespace Uploader.Infrastructure;

/// <summary>What the rest of the server may know of the `database` setting without knowing the providers.</summary>
public static class TaskStoreLocation
{
    /// <summary>Why <paramref name="database"/> cannot be used with <paramref name="provider"/>, or null; never echoes it.</summary>
    public static string? Problem(DatabaseProvider provider, string database) =>
        provider == DatabaseProvider.Postgres ? PostgresDialect.Problem(database) : null;

    /// <summary>The store as logs and /system show it: the SQLite path, or PostgreSQL's host, port, database and user, never a password.</summary>
    public static string Describe(DatabaseProvider provider, string database) => DatabaseDialect.For(provider, database).Description;
}
