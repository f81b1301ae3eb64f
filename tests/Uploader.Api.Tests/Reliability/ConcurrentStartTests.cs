using System.Data.Common;

namespace Uploader.Api.Tests;

/// <summary>
/// Instances behind one load balancer start together against one empty store (issue 11): each applies the
/// migrations under the provider's lock, so every migration is applied and recorded exactly once, and all of them
/// come up ready. On SQLite the store is one file the processes share; on PostgreSQL one database.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class ConcurrentStartTests : IDisposable
{
    private const int Instances = 3;
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);

    private readonly TempFolder _shared = new();
    private readonly List<TempFolder> _folders = [];
    private readonly List<ServerProcess> _servers = [];

    [Fact]
    public async Task Three_instances_started_at_once_on_one_empty_store_all_become_ready_and_each_migration_is_recorded_once()
    {
        var database = TestStore.SharedDatabase(_shared);
        var addresses = new List<Uri>();
        for (var i = 0; i < Instances; i++)
        {
            var folder = new TempFolder();
            _folders.Add(folder);
            var port = ServerProcess.FreePort();
            addresses.Add(new Uri($"http://127.0.0.1:{port}/"));
            var configPath = TestConfig.WriteInto(folder, config =>
            {
                config["port"] = port;
                config["listen_address"] = "127.0.0.1";
                config["database"] = database;
            });
            _servers.Add(ServerProcess.Start(configPath));
        }

        for (var i = 0; i < Instances; i++)
        {
            var server = _servers[i];
            await server.ExplainFailuresAsync(async () =>
            {
                await server.WaitUntilLiveAsync(addresses[i], Startup);
                using var probe = new HttpClient { BaseAddress = addresses[i] };
                using var ready = await probe.GetAsync(new Uri("go-uploader/health/ready", UriKind.Relative));
                Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
            });
        }

        var known = TestStore.KnownMigrations(database);
        Assert.NotEmpty(known);
        Assert.Equal(known.Order(StringComparer.Ordinal), await RecordedMigrationsAsync(database));
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        foreach (var folder in _folders)
        {
            folder.Dispose();
        }

        _shared.Dispose();
    }

    /// <summary>Every row of the history table, duplicates kept.</summary>
    private static async Task<List<string>> RecordedMigrationsAsync(string database)
    {
        await using var connection = TestStore.Open(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\";";
        var ids = new List<string>();
        await using DbDataReader rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            ids.Add(rows.GetString(0));
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }
}
