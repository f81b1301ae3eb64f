namespace Uploader.Infrastructure;

/// <summary>Which database holds the task store (config `database_provider`).</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: the default, for one instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, which several instances can share.</summary>
    Postgres,
}
