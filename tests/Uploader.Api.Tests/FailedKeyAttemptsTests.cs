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
    public void Capacity_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FailedKeyAttempts(_clock, capacity: 0));

    private static bool[] Fail(FailedKeyAttempts attempts, string address, int times) =>
        [.. Enumerable.Range(0, times).Select(_ => attempts.RecordFailure(address))];
}
