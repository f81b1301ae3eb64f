namespace Uploader.Application.Ports;

/// <summary>
/// Wrong-key counters in the task store, shared by every instance that uses it, so that an attacker spread over
/// several instances gets the attempts of one. Each method is one statement: the counting rules run in the store,
/// atomically, never as a value read earlier and written back.
/// </summary>
public interface IKeyAttemptStore
{
    /// <summary>The counter of <paramref name="address"/> and the global budget's, as stored (either may be absent).</summary>
    Task<KeyAttemptCounters> ReadAsync(string address, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one wrong key against <paramref name="address"/> and the global budget, as
    /// <see cref="Auth.KeyLockoutRules"/> says; returns the counters as this wrong key left them, or null for a counter
    /// that was locked and so did not count it.
    /// </summary>
    Task<KeyAttemptCounters> RecordFailureAsync(string address, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// A right key: forgives the address's wrong keys and records when it last succeeded, unless another instance
    /// locked the address meanwhile (a lockout is never lifted by a key).
    /// </summary>
    Task RecordSuccessAsync(string address, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes counters that no longer lock, count or vouch for anything; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>One address's wrong keys (or all addresses' for the global budget).</summary>
/// <param name="WindowStart">When the current count began (its first wrong key).</param>
/// <param name="Failures">Wrong keys counted since <paramref name="WindowStart"/>.</param>
/// <param name="LockedUntil">Until when keys are refused uncompared; null when not locked.</param>
/// <param name="KnownGoodAt">When the address last presented the right key; null for never (or the budget).</param>
public sealed record KeyAttemptCounter(DateTimeOffset WindowStart, int Failures, DateTimeOffset? LockedUntil, DateTimeOffset? KnownGoodAt);

/// <param name="Address">The client address's counter, or null.</param>
/// <param name="Budget">The global budget's counter, or null.</param>
public sealed record KeyAttemptCounters(KeyAttemptCounter? Address, KeyAttemptCounter? Budget);
