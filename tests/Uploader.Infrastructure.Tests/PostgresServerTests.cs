using System.Diagnostics;
using Npgsql;

namespace Uploader.Infrastructure.Tests;

/// <summary>The throwaway PostgreSQL the provider tests run on: it serves, needs its password, and leaves nothing behind.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task Server_creates_databases_that_take_connections_and_refuses_a_wrong_password()
    {
        var server = await PostgresServer.SharedAsync();
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE t (x int); INSERT INTO t VALUES (42); SELECT current_database(), x FROM t;", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(new NpgsqlConnectionStringBuilder(first).Database, reader.GetString(0));
            Assert.Equal(42, reader.GetInt32(1));
        }

        await using (var other = new NpgsqlConnection(second))
        {
            await other.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE tablename = 't';", other);
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }

        var wrong = new NpgsqlConnectionStringBuilder(first) { Password = "not-the-password" }.ConnectionString;
        await using var refused = new NpgsqlConnection(wrong);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public void A_connection_refused_while_starting_up_is_no_start_failure_but_any_other_fatal_line_is()
    {
        const string startingUp = """
            LOG:  listening on IPv4 address "127.0.0.1", port 36587
            FATAL:  the database system is starting up
            LOG:  database system is ready to accept connections
            """;
        const string lockHeld = """
            FATAL:  the database system is starting up
            FATAL:  could not create lock file "/tmp/x/.s.PGSQL.5432.lock": File exists
            """;

        Assert.False(PostgresServer.StartFailed(startingUp));
        Assert.True(PostgresServer.StartFailed(lockHeld));
    }

    [Fact]
    public async Task Disposing_a_server_stops_its_processes_and_removes_its_folder()
    {
        var server = await PostgresServer.StartAsync(durable: true);
        var connectionString = await server.CreateDatabaseAsync("smoke");
        var postmaster = server.PostmasterId;
        Assert.NotNull(postmaster);
        Assert.True(IsRunning(postmaster.Value));
        var log = server.Log;
        var folder = server.Folder;

        server.Dispose();

        Assert.False(IsRunning(postmaster.Value), log);
        Assert.False(Directory.Exists(folder));
        await using var connection = new NpgsqlConnection(connectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync());
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
