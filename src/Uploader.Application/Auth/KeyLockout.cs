using Uploader.Application.Ports;

namespace Uploader.Application.Auth;

/// <summary>
/// <see cref="KeyLockoutRules"/> over the shared counters. A request with a key costs one read, and a write only
/// when it changes something: a wrong key is one conditional upsert, a right key from an address without wrong keys
/// writes at most once per <see cref="KeyLockoutRules.KnownGoodRefresh"/>.
/// </summary>
/// <remarks>
/// The counters are read before the key is compared, so that a locked address's right and wrong keys cost the same
/// and answer the same: a key compared first would give its answer away by the time the write it causes takes.
/// </remarks>
public sealed class KeyLockout(IKeyAttemptStore store, TimeProvider clock)
{
    public async Task<KeyGate> BeforeCompareAsync(string address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var counters = await store.ReadAsync(address, cancellationToken);
        if (counters.Address?.LockedUntil is { } until && until > now)
        {
            return new KeyGate(KeyRefusal.AddressLockedOut, until - now, counters.Address);
        }

        var knownGood = counters.Address?.KnownGoodAt is { } at && at > now - KeyLockoutRules.KnownGoodFor;
        if (counters.Budget?.LockedUntil is { } back && back > now && !knownGood)
        {
            return new KeyGate(KeyRefusal.BudgetSpent, back - now, counters.Address);
        }

        return new KeyGate(null, TimeSpan.Zero, counters.Address);
    }

    public async Task<KeyFailure> FailedAsync(string address, CancellationToken cancellationToken)
    {
        var counted = await store.RecordFailureAsync(address, clock.GetUtcNow(), cancellationToken);

        // A locked counter is not updated, so each of these is true for exactly one wrong key.
        return new KeyFailure(
            counted.Address is { Failures: KeyLockoutRules.MaxFailures, LockedUntil: not null },
            counted.Budget is { Failures: KeyLockoutRules.GlobalBudget, LockedUntil: not null });
    }

    public Task SucceededAsync(string address, KeyGate gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var now = clock.GetUtcNow();
        if (gate.Counter is { Failures: 0, LockedUntil: null, KnownGoodAt: { } at } && now - at < KeyLockoutRules.KnownGoodRefresh)
        {
            return Task.CompletedTask;
        }

        return store.RecordSuccessAsync(address, now, cancellationToken);
    }
}
