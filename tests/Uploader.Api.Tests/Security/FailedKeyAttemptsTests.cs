using Microsoft.Extensions.Time.Testing;
using Uploader.Api.Auth;

namespace Uploader.Api.Tests;

public sealed class FailedKeyAttemptsTests
{
    private const string Address = "203.0.113.5";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Tenth_failure_within_the_window_locks_the_address_for_the_lockout()
    {
        var attempts = new FailedKeyAttempts(_clock);

        var locked = Fail(attempts, Address, FailedKeyAttempts.MaxFailures);

        Assert.Equal([false, false, false, false, false, false, false, false, false, true], locked);
        Assert.Equal(FailedKeyAttempts.Lockout, attempts.LockedFor(Address));
        _clock.Advance(FailedKeyAttempts.Lockout - TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), attempts.LockedFor(Address));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(attempts.LockedFor(Address));
    }

    [Fact]
    public void After_a_lockout_counting_starts_again_from_nothing()
    {
        var attempts = new FailedKeyAttempts(_clock);
        Fail(attempts, Address, FailedKeyAttempts.MaxFailures);
        _clock.Advance(FailedKeyAttempts.Lockout);

        Fail(attempts, Address, FailedKeyAttempts.MaxFailures - 1);
        Assert.Null(attempts.LockedFor(Address));

        Assert.True(attempts.RecordFailure(Address));
    }

    [Fact]
    public void Failure_during_a_lockout_neither_counts_nor_extends_it()
    {
        var attempts = new FailedKeyAttempts(_clock);
        Fail(attempts, Address, FailedKeyAttempts.MaxFailures);
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.False(attempts.RecordFailure(Address));

        Assert.Equal(TimeSpan.FromSeconds(30), attempts.LockedFor(Address));
    }

    [Fact]
    public void Failures_in_different_windows_do_not_add_up()
    {
        var attempts = new FailedKeyAttempts(_clock);
        Fail(attempts, Address, FailedKeyAttempts.MaxFailures - 1);
        _clock.Advance(FailedKeyAttempts.Window);

        var locked = Fail(attempts, Address, FailedKeyAttempts.MaxFailures - 1);

        Assert.DoesNotContain(true, locked);
        Assert.Null(attempts.LockedFor(Address));
    }

    [Fact]
    public void Success_forgives_earlier_failures()
    {
        var attempts = new FailedKeyAttempts(_clock);
        Fail(attempts, Address, FailedKeyAttempts.MaxFailures - 1);

        attempts.RecordSuccess(Address);

        Assert.Equal(0, attempts.Count);
        Assert.DoesNotContain(true, Fail(attempts, Address, FailedKeyAttempts.MaxFailures - 1));
    }

    [Fact]
    public void Addresses_are_counted_separately()
    {
        var attempts = new FailedKeyAttempts(_clock);
        Fail(attempts, Address, FailedKeyAttempts.MaxFailures);

        Assert.NotNull(attempts.LockedFor(Address));
        Assert.Null(attempts.LockedFor("203.0.113.6"));
    }

    [Fact]
    public void A_spray_of_addresses_never_holds_more_than_the_capacity()
    {
        var attempts = new FailedKeyAttempts(_clock, capacity: 100);

        for (var i = 0; i < 10_000; i++)
        {
            attempts.RecordFailure($"10.0.{i / 256}.{i % 256}");
        }

        Assert.Equal(100, attempts.Count);
    }

    [Fact]
    public void When_full_the_address_whose_last_failure_is_oldest_is_forgotten()
    {
        var attempts = new FailedKeyAttempts(_clock, capacity: 3);
        Fail(attempts, "a", FailedKeyAttempts.MaxFailures - 1);
        attempts.RecordFailure("b");
        attempts.RecordFailure("c");
        attempts.RecordFailure("a");

        attempts.RecordFailure("d");

        // "a" failed most recently of the first three and keeps its count (now at the limit); "b" is gone.
        Assert.Equal(3, attempts.Count);
        Assert.NotNull(attempts.LockedFor("a"));
        Assert.False(attempts.RecordFailure("b"));
        Assert.Equal(3, attempts.Count);
    }

    [Fact]
    public void Forgotten_address_starts_from_nothing()
    {
        var attempts = new FailedKeyAttempts(_clock, capacity: 1);
        Fail(attempts, "a", FailedKeyAttempts.MaxFailures - 1);

        attempts.RecordFailure("b");

        Assert.False(attempts.RecordFailure("a"));
        Assert.Null(attempts.LockedFor("a"));
    }

    [Fact]
    public void A_locked_address_is_kept_while_ten_thousand_other_addresses_fail()
    {
        var attempts = new FailedKeyAttempts(_clock);
        Fail(attempts, Address, FailedKeyAttempts.MaxFailures);

        for (var i = 0; i < FailedKeyAttempts.DefaultCapacity; i++)
        {
            attempts.RecordFailure($"10.{i / 65536}.{i / 256 % 256}.{i % 256}");
        }

        Assert.Equal(FailedKeyAttempts.Lockout, attempts.LockedFor(Address));
        Assert.Equal(FailedKeyAttempts.DefaultCapacity, attempts.Count);
    }

    [Fact]
    public void When_every_remembered_address_is_locked_a_new_one_is_not_remembered()
    {
        var attempts = new FailedKeyAttempts(_clock, capacity: 2);
        Fail(attempts, "a", FailedKeyAttempts.MaxFailures);
        Fail(attempts, "b", FailedKeyAttempts.MaxFailures);

        Assert.DoesNotContain(true, Fail(attempts, "c", FailedKeyAttempts.MaxFailures));

        Assert.Equal(2, attempts.Count);
        Assert.NotNull(attempts.LockedFor("a"));
        Assert.NotNull(attempts.LockedFor("b"));
        Assert.Null(attempts.LockedFor("c"));
    }

    [Fact]
    public void A_lock_that_ran_out_makes_room_for_a_new_address()
    {
        var attempts = new FailedKeyAttempts(_clock, capacity: 1);
        Fail(attempts, "a", FailedKeyAttempts.MaxFailures);
        _clock.Advance(FailedKeyAttempts.Lockout);

        Assert.True(Fail(attempts, "b", FailedKeyAttempts.MaxFailures)[^1]);
        Assert.NotNull(attempts.LockedFor("b"));
    }

    [Fact]
    public void Spent_global_budget_refuses_addresses_without_a_recent_success_until_the_window_ends()
    {
        var attempts = new FailedKeyAttempts(_clock);
        attempts.RecordSuccess("known");
        for (var i = 0; i < FailedKeyAttempts.GlobalBudget - 1; i++)
        {
            attempts.RecordFailure($"10.0.{i / 256}.{i % 256}");
        }

        Assert.Null(attempts.BudgetSpentFor("stranger"));
        _clock.Advance(TimeSpan.FromSeconds(20));
        attempts.RecordFailure("10.9.9.9", out var spentBudget);
        Assert.True(spentBudget);
        attempts.RecordFailure("10.9.9.10", out var spentAgain);
        Assert.False(spentAgain);

        Assert.Equal(TimeSpan.FromSeconds(40), attempts.BudgetSpentFor("stranger"));
        Assert.Null(attempts.BudgetSpentFor("known"));
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Null(attempts.BudgetSpentFor("stranger"));
    }

    [Fact]
    public void A_success_older_than_a_day_no_longer_passes_a_spent_budget()
    {
        var attempts = new FailedKeyAttempts(_clock);
        attempts.RecordSuccess("known");
        _clock.Advance(FailedKeyAttempts.KnownGoodFor);

        SpendBudget(attempts);

        Assert.NotNull(attempts.BudgetSpentFor("known"));
    }

    [Fact]
    public void Known_good_addresses_are_bounded_and_the_oldest_success_is_forgotten()
    {
        var attempts = new FailedKeyAttempts(_clock);
        for (var i = 0; i <= FailedKeyAttempts.KnownGoodCapacity; i++)
        {
            attempts.RecordSuccess($"10.{i / 65536}.{i / 256 % 256}.{i % 256}");
        }

        SpendBudget(attempts);

        Assert.Equal(FailedKeyAttempts.KnownGoodCapacity, attempts.KnownGoodCount);
        Assert.NotNull(attempts.BudgetSpentFor("10.0.0.0"));
        Assert.Null(attempts.BudgetSpentFor("10.0.0.1"));
    }

    [Fact]
    public void Capacity_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailedKeyAttempts(_clock, capacity: 0));

    /// <summary>One wrong key from each of <see cref="FailedKeyAttempts.GlobalBudget"/> addresses: no address is locked.</summary>
    private static void SpendBudget(FailedKeyAttempts attempts)
    {
        for (var i = 0; i < FailedKeyAttempts.GlobalBudget; i++)
        {
            attempts.RecordFailure($"172.16.{i / 256}.{i % 256}");
        }
    }

    private static bool[] Fail(FailedKeyAttempts attempts, string address, int times) =>
        [.. Enumerable.Range(0, times).Select(_ => attempts.RecordFailure(address))];
}
