namespace Uploader.Infrastructure.Tests;

/// <summary>
/// The base of every test class that runs against the task store. Each such class is abstract and has one
/// concrete class per provider at its end (…OnSqliteTests, …OnPostgresTests), so every test of the store runs on
/// SQLite and on PostgreSQL, each test on a fresh database.
/// </summary>
public abstract class TaskStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    protected DatabaseProvider Provider { get; } = provider;

    protected TempDatabase Db { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Db = await TempDatabase.CreateAsync(Provider);

    public virtual async Task DisposeAsync() => await Db.DisposeAsync();
}
