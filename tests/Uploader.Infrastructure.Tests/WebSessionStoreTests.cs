using Microsoft.Extensions.Time.Testing;
using Uploader.Application.Auth;
using Uploader.Application.Policies;

namespace Uploader.Infrastructure.Tests;

/// <summary>Web sessions in SQLite: found by their id alone, only while valid, and swept once expired.</summary>
public abstract class WebSessionStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SessionPolicy _policy = new() { Lifetime = TimeSpan.FromHours(2) };
    private TempDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_session_is_found_by_its_id_until_it_expires_and_the_store_never_holds_the_id()
    {
        var (id, started) = await InScopeAsync(s => s.StartAsync(CancellationToken.None));

        Assert.Equal(started, await InScopeAsync(s => s.FindValidAsync(id, CancellationToken.None)));
        Assert.DoesNotContain(id, started.IdHash, StringComparison.Ordinal);
        await using (var scope = _database.NewScope())
        {
            Assert.Null(await scope.Sessions.FindAsync(id, CancellationToken.None));
        }

        _clock.Advance(_policy.Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(await InScopeAsync(s => s.FindValidAsync(id, CancellationToken.None)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await InScopeAsync(s => s.FindValidAsync(id, CancellationToken.None)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    public async Task A_malformed_or_unknown_id_finds_nothing(string id)
    {
        await InScopeAsync(s => s.StartAsync(CancellationToken.None));

        Assert.Null(await InScopeAsync(s => s.FindValidAsync(id, CancellationToken.None)));
        Assert.False(await InScopeAsync(s => s.EndAsync(id, CancellationToken.None)));
    }

    [Fact]
    public async Task An_ended_session_is_gone_and_ending_it_again_says_so()
    {
        var (id, _) = await InScopeAsync(s => s.StartAsync(CancellationToken.None));

        Assert.True(await InScopeAsync(s => s.EndAsync(id, CancellationToken.None)));

        Assert.Null(await InScopeAsync(s => s.FindValidAsync(id, CancellationToken.None)));
        Assert.False(await InScopeAsync(s => s.EndAsync(id, CancellationToken.None)));
    }

    [Fact]
    public async Task The_sweep_deletes_expired_sessions_only()
    {
        var (old, _) = await InScopeAsync(s => s.StartAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromHours(1));
        var (fresh, _) = await InScopeAsync(s => s.StartAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromHours(1));

        await using (var scope = _database.NewScope())
        {
            Assert.Equal(1, await scope.Sessions.DeleteExpiredAsync(_clock.GetUtcNow(), CancellationToken.None));
        }

        Assert.False(await InScopeAsync(s => s.EndAsync(old, CancellationToken.None)));
        Assert.NotNull(await InScopeAsync(s => s.FindValidAsync(fresh, CancellationToken.None)));
    }

    private async Task<T> InScopeAsync<T>(Func<WebSessions, Task<T>> action)
    {
        await using var scope = _database.NewScope();
        return await action(new WebSessions(scope.Sessions, _policy, _clock));
    }
}

public sealed class WebSessionStoreOnSqliteTests() : WebSessionStoreTests(DatabaseProvider.Sqlite);

public sealed class WebSessionStoreOnPostgresTests() : WebSessionStoreTests(DatabaseProvider.Postgres);
