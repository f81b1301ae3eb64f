using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Auth;
using Uploader.Application.Ports;

namespace Uploader.Application.Tests;

/// <summary>What the lockout asks of the shared store: a read before each key, and a write only when it changes something.</summary>
public sealed class KeyLockoutTests
{
    private const string Address = "203.0.113.5";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly Mock<IKeyAttemptStore> _store = new(MockBehavior.Strict);

    [Fact]
    public async Task A_right_key_from_an_address_that_succeeded_lately_and_never_failed_writes_nothing()
    {
        var lockout = Reading(new KeyAttemptCounter(_clock.GetUtcNow(), 0, null, _clock.GetUtcNow() - TimeSpan.FromMinutes(59)));

        var gate = await lockout.BeforeCompareAsync(Address, CancellationToken.None);
        await lockout.SucceededAsync(Address, gate, CancellationToken.None);

        Assert.Null(gate.Refusal);
        _store.Verify(s => s.RecordSuccessAsync(It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData(3, 30)]
    [InlineData(0, 61)]
    [InlineData(-1, 0)]
    public async Task A_right_key_writes_to_forgive_wrong_keys_or_renew_an_old_success_or_record_a_first_one(int failures, int minutesSinceSuccess)
    {
        var lockout = Reading(failures < 0
            ? null
            : new KeyAttemptCounter(_clock.GetUtcNow(), failures, null, _clock.GetUtcNow() - TimeSpan.FromMinutes(minutesSinceSuccess)));
        _store.Setup(s => s.RecordSuccessAsync(Address, _clock.GetUtcNow(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await lockout.SucceededAsync(Address, await lockout.BeforeCompareAsync(Address, CancellationToken.None), CancellationToken.None);

        _store.Verify(s => s.RecordSuccessAsync(Address, _clock.GetUtcNow(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_locked_address_is_refused_for_the_rest_of_its_lockout_before_its_budget_is_looked_at()
    {
        var now = _clock.GetUtcNow();
        var lockout = Reading(
            new KeyAttemptCounter(now, 10, now + TimeSpan.FromSeconds(42), null),
            new KeyAttemptCounter(now, 1000, now + TimeSpan.FromSeconds(10), null));

        var gate = await lockout.BeforeCompareAsync(Address, CancellationToken.None);

        Assert.Equal((KeyRefusal.AddressLockedOut, TimeSpan.FromSeconds(42)), (gate.Refusal, gate.RetryAfter));
    }

    [Fact]
    public async Task A_spent_budget_refuses_only_addresses_without_a_right_key_in_the_last_day()
    {
        var now = _clock.GetUtcNow();
        var budget = new KeyAttemptCounter(now, 1000, now + TimeSpan.FromSeconds(10), null);

        var stranger = await Reading(null, budget).BeforeCompareAsync(Address, CancellationToken.None);
        var lapsed = await Reading(new KeyAttemptCounter(now, 0, null, now - KeyLockoutRules.KnownGoodFor), budget).BeforeCompareAsync(Address, CancellationToken.None);
        var known = await Reading(new KeyAttemptCounter(now, 0, null, now - TimeSpan.FromHours(23)), budget).BeforeCompareAsync(Address, CancellationToken.None);

        Assert.Equal((KeyRefusal.BudgetSpent, TimeSpan.FromSeconds(10)), (stranger.Refusal, stranger.RetryAfter));
        Assert.Equal(KeyRefusal.BudgetSpent, lapsed.Refusal);
        Assert.Null(known.Refusal);
    }

    [Fact]
    public async Task A_wrong_key_is_one_write_and_says_whether_it_locked_the_address_or_spent_the_budget()
    {
        var now = _clock.GetUtcNow();
        _store.SetupSequence(s => s.RecordFailureAsync(Address, now, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KeyAttemptCounters(new KeyAttemptCounter(now, 9, null, null), new KeyAttemptCounter(now, 999, null, null)))
            .ReturnsAsync(new KeyAttemptCounters(new KeyAttemptCounter(now, 10, now + KeyLockoutRules.Lockout, null), new KeyAttemptCounter(now, 1000, now + KeyLockoutRules.Window, null)))
            .ReturnsAsync(new KeyAttemptCounters(null, null));
        var lockout = new KeyLockout(_store.Object, _clock);

        Assert.Equal(new KeyFailure(false, false), await lockout.FailedAsync(Address, CancellationToken.None));
        Assert.Equal(new KeyFailure(true, true), await lockout.FailedAsync(Address, CancellationToken.None));
        Assert.Equal(new KeyFailure(false, false), await lockout.FailedAsync(Address, CancellationToken.None));
        _store.Verify(s => s.ReadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private KeyLockout Reading(KeyAttemptCounter? address, KeyAttemptCounter? budget = null)
    {
        _store.Setup(s => s.ReadAsync(Address, It.IsAny<CancellationToken>())).ReturnsAsync(new KeyAttemptCounters(address, budget));
        return new KeyLockout(_store.Object, _clock);
    }
}
