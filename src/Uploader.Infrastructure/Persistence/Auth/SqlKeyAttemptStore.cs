using Microsoft.EntityFrameworkCore;
using Uploader.Application.Auth;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Persistence.Auth;

/// <summary>
/// The wrong-key counters as rows of key_attempts: one per client address, and <see cref="BudgetRow"/> for all
/// addresses together. A wrong key is one upsert of both rows whose SET clauses are <see cref="KeyLockoutRules"/>, so
/// concurrent wrong keys on any number of instances each count once. The SQL is the dialect SQLite and PostgreSQL
/// share (INSERT … ON CONFLICT … DO UPDATE … WHERE … RETURNING, integer arithmetic, excluded.*).
/// </summary>
internal sealed class SqlKeyAttemptStore(UploaderDbContext db) : IKeyAttemptStore
{
    /// <summary>The global budget's row: no client address is written like this.</summary>
    public const string BudgetRow = "*";

    public async Task<KeyAttemptCounters> ReadAsync(string address, CancellationToken cancellationToken)
    {
        var rows = await db.KeyAttempts.AsNoTracking()
            .Where(r => r.Address == address || r.Address == BudgetRow)
            .Select(r => new CounterColumns(r.Address, r.WindowStart, r.Failures, r.LockedUntil, r.KnownGoodAt))
            .ToListAsync(cancellationToken);
        return Counters(rows);
    }

    public async Task<KeyAttemptCounters> RecordFailureAsync(string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        var window = (long)KeyLockoutRules.Window.TotalMilliseconds;
        var lockout = (long)KeyLockoutRules.Lockout.TotalMilliseconds;

        // A counter whose lockout or window is over, or that holds only a success, starts again from this wrong key. A
        // locked counter is left as it is (the WHERE) and returns no row: keys sent during a lockout neither count nor
        // extend it. An address is locked for the lockout from its tenth wrong key; the budget until its window ends.
        var rows = await db.Database.SqlQuery<CounterColumns>($"""
            INSERT INTO key_attempts (address, window_start, failures, locked_until, known_good_at)
            VALUES ({address}, {at}, 1, NULL, NULL), ({BudgetRow}, {at}, 1, NULL, NULL)
            ON CONFLICT (address) DO UPDATE SET
              window_start = CASE
                WHEN key_attempts.locked_until IS NOT NULL OR key_attempts.failures = 0
                  OR excluded.window_start - key_attempts.window_start >= {window}
                THEN excluded.window_start ELSE key_attempts.window_start END,
              failures = CASE
                WHEN key_attempts.locked_until IS NOT NULL OR key_attempts.failures = 0
                  OR excluded.window_start - key_attempts.window_start >= {window}
                THEN 1 ELSE key_attempts.failures + 1 END,
              locked_until = CASE
                WHEN key_attempts.locked_until IS NOT NULL OR key_attempts.failures = 0
                  OR excluded.window_start - key_attempts.window_start >= {window}
                THEN NULL
                WHEN key_attempts.address <> {BudgetRow} AND key_attempts.failures + 1 >= {KeyLockoutRules.MaxFailures}
                THEN excluded.window_start + {lockout}
                WHEN key_attempts.address = {BudgetRow} AND key_attempts.failures + 1 >= {KeyLockoutRules.GlobalBudget}
                THEN key_attempts.window_start + {window}
                ELSE NULL END
            WHERE key_attempts.locked_until IS NULL OR key_attempts.locked_until <= excluded.window_start
            RETURNING address AS "Address", window_start AS "WindowStart", failures AS "Failures",
              locked_until AS "LockedUntil", known_good_at AS "KnownGoodAt"
            """).ToListAsync(cancellationToken);
        return Counters(rows);
    }

    public Task RecordSuccessAsync(string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO key_attempts (address, window_start, failures, locked_until, known_good_at)
            VALUES ({address}, {at}, 0, NULL, {at})
            ON CONFLICT (address) DO UPDATE SET failures = 0, locked_until = NULL, known_good_at = excluded.known_good_at
            WHERE key_attempts.locked_until IS NULL OR key_attempts.locked_until <= excluded.known_good_at
            """, cancellationToken);
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        var windowOver = at - (long)KeyLockoutRules.Window.TotalMilliseconds;
        var knownGoodOver = at - (long)KeyLockoutRules.KnownGoodFor.TotalMilliseconds;
        return db.KeyAttempts
            .Where(r => (r.LockedUntil == null || r.LockedUntil <= at)
                && r.WindowStart <= windowOver
                && (r.KnownGoodAt == null || r.KnownGoodAt <= knownGoodOver))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private static KeyAttemptCounters Counters(List<CounterColumns> rows) =>
        new(Counter(rows.FirstOrDefault(r => r.Address != BudgetRow)), Counter(rows.FirstOrDefault(r => r.Address == BudgetRow)));

    private static KeyAttemptCounter? Counter(CounterColumns? row) => row is null
        ? null
        : new KeyAttemptCounter(Time(row.WindowStart), row.Failures, row.LockedUntil is { } l ? Time(l) : null, row.KnownGoodAt is { } k ? Time(k) : null);

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    /// <summary>A row as read or as RETURNING gives it (EF materialises raw rows into an unmapped type by column name).</summary>
    private sealed record CounterColumns(string Address, long WindowStart, int Failures, long? LockedUntil, long? KnownGoodAt);
}
