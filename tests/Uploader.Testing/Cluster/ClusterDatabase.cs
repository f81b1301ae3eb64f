namespace Uploader.Testing;

/// <summary>
/// The task store every instance of a <see cref="ClusterRig"/> shares: a PostgreSQL database, or one SQLite file in
/// the rig's folder (SQLite works across processes on one machine, which is what the rig is).
/// </summary>
public sealed record ClusterDatabase
{
    private ClusterDatabase(string provider, string? connection)
    {
        Provider = provider;
        Connection = connection;
    }

    /// <summary>The config's <c>database_provider</c>.</summary>
    public string Provider { get; }

    /// <summary>The config's <c>database</c>; null for the rig's own SQLite file.</summary>
    public string? Connection { get; }

    public static ClusterDatabase SharedSqlite { get; } = new("sqlite", null);

    /// <param name="connectionString">An Npgsql connection string to an empty (or this rig's) database.</param>
    public static ClusterDatabase Postgres(string connectionString) =>
        new("postgres", string.IsNullOrWhiteSpace(connectionString) ? throw new ArgumentException("A connection string is required.", nameof(connectionString)) : connectionString);

    /// <summary>The database the rig tests run on: a fresh one on the test run's throwaway PostgreSQL.</summary>
    public static async Task<ClusterDatabase> ForTestsAsync() =>
        Postgres(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());

    public override string ToString() => Provider;
}
