namespace Uploader.Infrastructure.Persistence.Auth;

/// <summary>
/// A row of key_attempts. Times are Unix milliseconds: the counting rules are SQL arithmetic on them
/// (<see cref="SqlKeyAttemptStore"/>), which integers allow alike in SQLite and PostgreSQL, where SQLite's text
/// timestamps would not.
/// </summary>
internal sealed class KeyAttemptRow
{
    private KeyAttemptRow(string address, long windowStart, int failures, long? lockedUntil, long? knownGoodAt)
    {
        Address = address;
        WindowStart = windowStart;
        Failures = failures;
        LockedUntil = lockedUntil;
        KnownGoodAt = knownGoodAt;
    }

    /// <summary>The client address as ClientAddress gives it, or <see cref="SqlKeyAttemptStore.BudgetRow"/>.</summary>
    public string Address { get; private set; }

    public long WindowStart { get; private set; }

    public int Failures { get; private set; }

    public long? LockedUntil { get; private set; }

    public long? KnownGoodAt { get; private set; }
}
