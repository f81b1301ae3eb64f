using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence;
using Uploader.Infrastructure.Resilience;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// The infrastructure as the server wires it (AddInfrastructure) over a real database: a SQLite file in a temp
/// folder, or a fresh database on the test run's PostgreSQL (<see cref="PostgresServer.SharedAsync"/>), migrated by
/// <see cref="DatabaseInitializer"/>. Each <see cref="Scope"/> is one request: its own DbContext.
/// </summary>
public sealed class TempDatabase : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ServiceProvider _services;

    private TempDatabase(DatabaseProvider provider, string? connectionString)
    {
        Provider = provider;
        Database = connectionString ?? _folder.Combine("data", "uploader.db");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructure(new InfrastructureSettings(
            provider,
            Database,
            _folder.Combine("upload"),
            _folder.Combine("merged"),
            AtomicOperations: true,
            new RetrySettings(2, TimeSpan.FromMilliseconds(5)),
            HardFloorBytes: 0));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>Now in whole microseconds: what PostgreSQL keeps of a time, so a stored time reads back equal.</summary>
    public static DateTime Now => DateTime.UnixEpoch.AddTicks((DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10 * 10);

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file's path or the PostgreSQL connection string.</summary>
    public string Database { get; }

    public string UploadDir => _folder.Combine("upload");

    public static async Task<TempDatabase> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var connectionString = provider == DatabaseProvider.Postgres
            ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync()
            : null;
        var database = new TempDatabase(provider, connectionString);
        await database.InitializeAsync();
        return database;
    }

    /// <summary>A connection of its own to the store, outside the wiring: another instance, or a client of the database.</summary>
    public DbConnection OpenConnection()
    {
        DbConnection connection = Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(Database)
            : new SqliteConnection($"Data Source={Database}");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Holds, until disposed, what every chunk record must wait for: SQLite's write lock (BEGIN IMMEDIATE), or on
    /// PostgreSQL the lock of every task row (SELECT … FOR UPDATE) as another instance's transaction would.
    /// </summary>
    public async Task<IAsyncDisposable> HoldWritesAsync()
    {
        var connection = OpenConnection();
        await using var hold = connection.CreateCommand();
        hold.CommandText = Provider == DatabaseProvider.Postgres
            ? "BEGIN; SELECT id FROM upload_tasks FOR UPDATE;"
            : "BEGIN IMMEDIATE;";
        await hold.ExecuteNonQueryAsync();
        return new HeldWrites(connection);
    }

    public Task InitializeAsync() =>
        _services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);

    public Scope NewScope() => new(_services.CreateAsyncScope());

    /// <summary>A singleton of the wiring, such as the group-commit writer.</summary>
    internal T Service<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>
    /// Stores a new task for a <paramref name="fileSize"/>-byte file in <paramref name="totalChunks"/> chunks,
    /// created <paramref name="at"/> (now by default).
    /// </summary>
    public async Task<UploadTask> AddTaskAsync(long fileSize, int totalChunks, string? fileId = null, DateTime? at = null)
    {
        await using var scope = NewScope();
        var task = UploadTask.Start(
            fileId ?? $"task-{Guid.NewGuid():N}", RelativeFilePath.Parse("file.bin"), FileLayout.Create(fileSize, totalChunks, null), at ?? Now);
        return await scope.Tasks.AddOrGetAsync(task, CancellationToken.None);
    }

    /// <summary>Records chunk <paramref name="index"/> with <paramref name="size"/> bytes through a fresh context, uploaded <paramref name="at"/>.</summary>
    public async Task StoreChunkAsync(
        string fileId, int index, long size, string md5 = "0123456789abcdef0123456789abcdef", DateTime? at = null)
    {
        await using var scope = NewScope();
        var task = await scope.Tasks.FindWithChunkAsync(fileId, index, CancellationToken.None);
        task!.AcceptChunk(task!.Admit(index, size, task!.Layout), md5, $"{index:D6}.{Guid.NewGuid():N}.chunk", at ?? Now);
        await scope.Tasks.SaveChunksAsync(task, CancellationToken.None);
    }

    /// <summary>Loads the task with all its chunks, applies <paramref name="change"/> and saves it.</summary>
    public async Task ChangeAsync(string fileId, Action<UploadTask> change)
    {
        await using var scope = NewScope();
        var task = await scope.Tasks.FindWithAllChunksAsync(fileId, CancellationToken.None);
        change(task!);
        await scope.Tasks.SaveAsync(task!, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    private sealed class HeldWrites(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }

    public sealed class Scope(AsyncServiceScope scope) : IAsyncDisposable
    {
        public IUploadTaskRepository Tasks { get; } = scope.ServiceProvider.GetRequiredService<IUploadTaskRepository>();

        public IUploadTaskReader Reader { get; } = scope.ServiceProvider.GetRequiredService<IUploadTaskReader>();

        public IMaintenanceQueries Maintenance { get; } = scope.ServiceProvider.GetRequiredService<IMaintenanceQueries>();

        public UploaderDbContext Db { get; } = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();

        public IKeyAttemptStore KeyAttempts { get; } = scope.ServiceProvider.GetRequiredService<IKeyAttemptStore>();

        public IWebSessionStore Sessions { get; } = scope.ServiceProvider.GetRequiredService<IWebSessionStore>();

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
