using System.Data.Common;
using System.Text.Json.Nodes;
using Npgsql;

namespace Uploader.Api.Tests;

/// <summary>
/// The task store a test server's config.json names, read back the way an operator would: the provider, the password
/// its PostgreSQL connection string carries (null for SQLite), and how the server may show the store.
/// </summary>
internal sealed class TaskStoreSetting
{
    public TaskStoreSetting(string configPath)
    {
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        Provider = config["database_provider"]?.GetValue<string>() ?? "sqlite";
        var database = config["database"]!.GetValue<string>();
        Database = Provider == "postgres" ? database : Path.GetFullPath(database, Path.GetDirectoryName(configPath)!);
        if (Provider == "postgres")
        {
            var parsed = new NpgsqlConnectionStringBuilder(database);
            Password = parsed.Password;
            Shown = $"Host={parsed.Host};Port={parsed.Port};Database={parsed.Database};Username={parsed.Username}";
        }
        else
        {
            Shown = Database;
        }
    }

    public string Provider { get; }

    /// <summary>The SQLite file (absolute) or the PostgreSQL connection string.</summary>
    public string Database { get; }

    public string? Password { get; }

    public string Shown { get; }

    /// <summary>An open connection to the store, outside the server, as an operator's client would have.</summary>
    public DbConnection Open() => TestStore.Open(Database);
}
