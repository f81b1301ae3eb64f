using Microsoft.Extensions.Time.Testing;
using Uploader.Application.Auth;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// <see cref="KeyLockoutRules"/> as the shared counters in SQLite carry them out: each call gets its own scope (its own
/// DbContext and connection), as requests on different instances would.
/// </summary>
public abstract class KeyLockoutStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Address = "203.0.113.5";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private TempDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Tenth_wrong_key_within_the_window_locks_the_address_for_the_lockout()
    {
        var locked = await FailAsync(Address, KeyLockoutRules.MaxFailures);

        Assert.Equal([false, false, false, false, false, false, false, false, false, true], locked);
        Assert.Equal((KeyRefusal.AddressLockedOut, KeyLockoutRules.Lockout), await GateAsync(Address));
        _clock.Advance(KeyLockoutRules.Lockout - TimeSpan.FromSeconds(1));
        Assert.Equal((KeyRefusal.AddressLockedOut, TimeSpan.FromSeconds(1)), await GateAsync(Address));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((null, TimeSpan.Zero), await GateAsync(Address));
    }

    [Fact]
    public async Task A_wrong_key_during_a_lockout_neither_counts_nor_extends_it()
    {
        await FailAsync(Address, KeyLockoutRules.MaxFailures);
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([false], await FailAsync(Address, 1));

        Assert.Equal((KeyRefusal.AddressLockedOut, TimeSpan.FromSeconds(30)), await GateAsync(Address));
        Assert.Equal(KeyLockoutRules.MaxFailures, (await CountersAsync(Address)).Address!.Failures);
    }

    [Fact]
    public async Task After_a_lockout_counting_starts_again_from_nothing()
    {
        await FailAsync(Address, KeyLockoutRules.MaxFailures);
        _clock.Advance(KeyLockoutRules.Lockout);

        Assert.DoesNotContain(true, await FailAsync(Address, KeyLockoutRules.MaxFailures - 1));
        Assert.Equal((null, TimeSpan.Zero), await GateAsync(Address));
        Assert.Equal([true], await FailAsync(Address, 1));
    }

    [Fact]
    public async Task Wrong_keys_more_than_a_window_apart_do_not_add_up()
    {
        await FailAsync(Address, KeyLockoutRules.MaxFailures - 1);
        _clock.Advance(KeyLockoutRules.Window);

        Assert.DoesNotContain(true, await FailAsync(Address, KeyLockoutRules.MaxFailures - 1));
        Assert.Equal(KeyLockoutRules.MaxFailures - 1, (await CountersAsync(Address)).Address!.Failures);
    }

    [Fact]
    public async Task A_right_key_forgives_earlier_wrong_keys_but_never_lifts_a_lockout()
    {
        await FailAsync(Address, KeyLockoutRules.MaxFailures - 1);
        await SucceedAsync(Address);
        Assert.DoesNotContain(true, await FailAsync(Address, KeyLockoutRules.MaxFailures - 1));

        Assert.Equal([true], await FailAsync(Address, 1));
        await using (var scope = _database.NewScope())
        {
            // Another instance that read the address before the lockout and then saw the right key.
            await scope.KeyAttempts.RecordSuccessAsync(Address, _clock.GetUtcNow(), CancellationToken.None);
        }

        Assert.Equal(KeyRefusal.AddressLockedOut, (await GateAsync(Address)).Refusal);
    }

    [Fact]
    public async Task A_right_key_from_an_address_without_wrong_keys_writes_only_once_per_refresh()
    {
        await SucceedAsync(Address);
        var first = (await CountersAsync(Address)).Address!.KnownGoodAt;
        _clock.Advance(KeyLockoutRules.KnownGoodRefresh - TimeSpan.FromMinutes(1));

        await SucceedAsync(Address);
        Assert.Equal(first, (await CountersAsync(Address)).Address!.KnownGoodAt);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await SucceedAsync(Address);
        Assert.Equal(_clock.GetUtcNow(), (await CountersAsync(Address)).Address!.KnownGoodAt);
    }

    [Fact]
    public async Task Wrong_keys_sent_at_once_through_separate_connections_each_count_once()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, KeyLockoutRules.MaxFailures + 5).Select(async _ =>
        {
            await using var scope = _database.NewScope();
            return await new KeyLockout(scope.KeyAttempts, _clock).FailedAsync(Address, CancellationToken.None);
        }));

        Assert.Single(outcomes, o => o.LockedOut);
        Assert.Equal(KeyLockoutRules.MaxFailures, (await CountersAsync(Address)).Address!.Failures);

        // The budget counts them all: in a request only a key that passed the gate is counted, and the gate refuses a
        // locked address's keys, so these five are the ones that raced the lockout.
        Assert.Equal(KeyLockoutRules.MaxFailures + 5, (await CountersAsync(Address)).Budget!.Failures);
    }

    [Fact]
    public async Task Spent_global_budget_refuses_addresses_without_a_recent_right_key_until_its_window_ends()
    {
        await SucceedAsync("198.51.100.1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var spent = new List<bool>();
        for (var i = 0; i < KeyLockoutRules.GlobalBudget; i++)
        {
            await using var scope = _database.NewScope();
            spent.Add((await new KeyLockout(scope.KeyAttempts, _clock).FailedAsync($"10.1.{i / 256}.{i % 256}", CancellationToken.None)).SpentBudget);
        }

        Assert.Equal(KeyLockoutRules.GlobalBudget - 1, spent.IndexOf(true));
        Assert.Single(spent, s => s);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal((KeyRefusal.BudgetSpent, KeyLockoutRules.Window - TimeSpan.FromSeconds(20)), await GateAsync("198.51.100.2"));
        Assert.Equal((null, TimeSpan.Zero), await GateAsync("198.51.100.1"));

        _clock.Advance(KeyLockoutRules.Window - TimeSpan.FromSeconds(20));
        Assert.Equal((null, TimeSpan.Zero), await GateAsync("198.51.100.2"));
    }

    [Fact]
    public async Task The_sweep_deletes_counters_only_once_they_neither_lock_count_nor_vouch()
    {
        await FailAsync("203.0.113.1", KeyLockoutRules.MaxFailures);
        await FailAsync("203.0.113.2", 1);
        await SucceedAsync("203.0.113.3");
        _clock.Advance(KeyLockoutRules.Window - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await SweepAsync());

        // The window is over: the unlocked counter and the budget go; the lockout (from the tenth key) is over too.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, await SweepAsync());
        Assert.Null((await CountersAsync("203.0.113.2")).Address);
        Assert.NotNull((await CountersAsync("203.0.113.3")).Address);

        _clock.Advance(KeyLockoutRules.KnownGoodFor);
        Assert.Equal(1, await SweepAsync());
        Assert.Null((await CountersAsync("203.0.113.3")).Address);
    }

    private async Task<List<bool>> FailAsync(string address, int count)
    {
        var locked = new List<bool>();
        for (var i = 0; i < count; i++)
        {
            await using var scope = _database.NewScope();
            locked.Add((await new KeyLockout(scope.KeyAttempts, _clock).FailedAsync(address, CancellationToken.None)).LockedOut);
        }

        return locked;
    }

    /// <summary>A right key as a request presents it: the gate first, then the success.</summary>
    private async Task SucceedAsync(string address)
    {
        await using var scope = _database.NewScope();
        var lockout = new KeyLockout(scope.KeyAttempts, _clock);
        var gate = await lockout.BeforeCompareAsync(address, CancellationToken.None);
        Assert.Null(gate.Refusal);
        await lockout.SucceededAsync(address, gate, CancellationToken.None);
    }

    private async Task<(KeyRefusal? Refusal, TimeSpan RetryAfter)> GateAsync(string address)
    {
        await using var scope = _database.NewScope();
        var gate = await new KeyLockout(scope.KeyAttempts, _clock).BeforeCompareAsync(address, CancellationToken.None);
        return (gate.Refusal, gate.RetryAfter);
    }

    private async Task<KeyAttemptCounters> CountersAsync(string address)
    {
        await using var scope = _database.NewScope();
        return await scope.KeyAttempts.ReadAsync(address, CancellationToken.None);
    }

    private async Task<int> SweepAsync()
    {
        await using var scope = _database.NewScope();
        return await scope.KeyAttempts.DeleteExpiredAsync(_clock.GetUtcNow(), CancellationToken.None);
    }
}

public sealed class KeyLockoutStoreOnSqliteTests() : KeyLockoutStoreTests(DatabaseProvider.Sqlite);

public sealed class KeyLockoutStoreOnPostgresTests() : KeyLockoutStoreTests(DatabaseProvider.Postgres);
