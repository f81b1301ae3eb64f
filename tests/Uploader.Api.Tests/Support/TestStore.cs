using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Uploader.Infrastructure.Persistence;

namespace Uploader.Api.Tests;

/// <summary>
/// Where the test servers keep their tasks. In this project the SQLite file of <see cref="TestConfig.Default"/>; in
/// Uploader.Api.Tests.Postgres, which compiles these same sources with POSTGRES defined, a fresh database of the run's
/// throwaway PostgreSQL (<see cref="PostgresServer.Shared"/>) for every server's config.
/// </summary>
internal static class TestStore
{
    public static bool IsPostgres =>
#if POSTGRES
        true;
#else
        false;
#endif

    /// <summary>
    /// What a test server with a configured key leaves in its folder, in order: SQLite's database lives in data/,
    /// PostgreSQL leaves no file.
    /// </summary>
    public static IReadOnlyList<string> ServerFolderEntries =>
        IsPostgres ? ["config.json", "merged", "upload"] : ["config.json", "data", "merged", "upload"];

    /// <summary>
    /// A `database` value several servers can share, as instances behind one load balancer do: a SQLite file in
    /// <paramref name="folder"/>, or a fresh PostgreSQL database.
    /// </summary>
    public static string SharedDatabase(TempFolder folder) =>
        IsPostgres ? PostgresServer.Shared().CreateDatabase() : folder.Combine("shared", "uploader.db");

    /// <summary>A connection to a store made by <see cref="SharedDatabase"/>, for reading it as an operator would.</summary>
    public static DbConnection Open(string database)
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(database) : new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>The ids of the migrations this build has for the provider in force.</summary>
    public static IReadOnlyList<string> KnownMigrations(string database)
    {
        using UploaderDbContext db = IsPostgres
            ? new PostgresUploaderDbContext(new DbContextOptionsBuilder<PostgresUploaderDbContext>().UseNpgsql(database).Options)
            : new UploaderDbContext(new DbContextOptionsBuilder<UploaderDbContext>().UseSqlite($"Data Source={database}").Options);
        return [.. db.Database.GetMigrations()];
    }

    public static void Configure(JsonObject config)
    {
        if (IsPostgres)
        {
            config["database_provider"] = "postgres";
            config["database"] = PostgresServer.Shared().CreateDatabase();
        }
    }
}
