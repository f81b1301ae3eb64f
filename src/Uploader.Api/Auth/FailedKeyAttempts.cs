namespace Uploader.Api.Auth;

/// <summary>
/// Wrong API keys per client address and in all. <see cref="MaxFailures"/> wrong keys within <see cref="Window"/>
/// (counted from the first) lock the address out for <see cref="Lockout"/>: every request from it that presents a
/// key is then refused, the right key included, so guessing on gains nothing. A right key outside a lockout clears
/// the address's count. Beyond that, <see cref="GlobalBudget"/> wrong keys within a window from all addresses
/// together spend the global budget: until the window ends, keys from addresses without a right key in the last
/// <see cref="KnownGoodFor"/> are refused uncompared, so a spray from many addresses gains nothing either.
/// </summary>
/// <remarks>
/// In process memory, per instance: several instances behind a load balancer count separately, which is fine
/// for defence in depth. At most <see cref="Capacity"/> addresses are counted; when full, the unlocked address
/// whose last wrong key is oldest is forgotten. A locked address is never forgotten before its lockout ends:
/// when every counted address is locked, a new one counts only against the global budget. Known-good addresses
/// are bounded by <see cref="KnownGoodCapacity"/>, the oldest success forgotten first. Constant time per request.
/// </remarks>
public sealed class FailedKeyAttempts(TimeProvider clock, int capacity = FailedKeyAttempts.DefaultCapacity)
{
    public const int MaxFailures = 10;
    public const int DefaultCapacity = 10_000;
    public const int GlobalBudget = 1_000;
    public const int KnownGoodCapacity = 10_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan KnownGoodFor = TimeSpan.FromHours(24);

    private readonly Dictionary<string, LinkedListNode<Entry>> _byAddress = new(StringComparer.Ordinal);

    /// <summary>Unlocked addresses, least recently failed first: the eviction order.</summary>
    private readonly LinkedList<Entry> _unlocked = new();

    /// <summary>Locked addresses in the order they were locked, which is the order their lockouts end.</summary>
    private readonly LinkedList<Entry> _locked = new();

    private readonly KnownGoodAddresses _knownGood = new(KnownGoodCapacity);
    private readonly Lock _lock = new();
    private DateTimeOffset _budgetStart = DateTimeOffset.MinValue;
    private int _budgetSpent;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Addresses currently counted.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byAddress.Count;
            }
        }
    }

    /// <summary>Addresses currently remembered for a recent right key.</summary>
    public int KnownGoodCount
    {
        get
        {
            lock (_lock)
            {
                return _knownGood.Count;
            }
        }
    }

    /// <summary>How much longer <paramref name="address"/> is locked out, or null when it is not.</summary>
    public TimeSpan? LockedFor(string address)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_byAddress.TryGetValue(address, out var node))
            {
                return null;
            }

            var entry = node.Value;
            if (entry.LockedUntil is { } until && until > now)
            {
                return until - now;
            }

            if (entry.LockedUntil is not null || now - entry.WindowStart >= Window)
            {
                // The lockout or the window is over: the address starts again from nothing.
                Remove(node);
            }

            return null;
        }
    }

    /// <summary>
    /// How long until the global budget is back, when it is spent and <paramref name="address"/> has no recent
    /// right key; otherwise null.
    /// </summary>
    public TimeSpan? BudgetSpentFor(string address)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            var budgetBack = _budgetStart + Window;
            if (budgetBack <= now || _budgetSpent < GlobalBudget || _knownGood.Contains(address, now - KnownGoodFor))
            {
                return null;
            }

            return budgetBack - now;
        }
    }

    /// <summary>Counts a wrong key; true when this one locks the address out.</summary>
    public bool RecordFailure(string address) => RecordFailure(address, out _);

    /// <summary>
    /// Counts a wrong key; true when this one locks the address out. <paramref name="spentBudget"/> is true for
    /// the one wrong key of a window that spends the global budget.
    /// </summary>
    public bool RecordFailure(string address, out bool spentBudget)
    {
        var now = clock.GetUtcNow();
        spentBudget = false;
        lock (_lock)
        {
            if (_byAddress.TryGetValue(address, out var node) && node.Value.LockedUntil is { } until && until > now)
            {
                // Already locked out; keys tried now are not even compared, so they do not count.
                return false;
            }

            spentBudget = SpendBudget(now);
            if (node is null)
            {
                if (!MakeRoom(now))
                {
                    return false;
                }

                node = new LinkedListNode<Entry>(new Entry(address, now));
                _byAddress.Add(address, node);
            }
            else
            {
                node.List!.Remove(node);
            }

            _unlocked.AddLast(node);
            var entry = node.Value;
            if (entry.LockedUntil is not null || now - entry.WindowStart >= Window)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
                entry.LockedUntil = null;
            }

            entry.Failures++;
            if (entry.Failures < MaxFailures)
            {
                return false;
            }

            entry.LockedUntil = now + Lockout;
            _unlocked.Remove(node);
            _locked.AddLast(node);
            return true;
        }
    }

    /// <summary>A right key from an address that is not locked out: its earlier wrong keys are forgiven.</summary>
    public void RecordSuccess(string address)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_byAddress.TryGetValue(address, out var node))
            {
                Remove(node);
            }

            _knownGood.Add(address, now);
        }
    }

    /// <summary>Counts one wrong key against the budget; true when it is the one that spends it.</summary>
    private bool SpendBudget(DateTimeOffset now)
    {
        if (now - _budgetStart >= Window)
        {
            _budgetStart = now;
            _budgetSpent = 0;
        }

        return ++_budgetSpent == GlobalBudget;
    }

    /// <summary>Frees a place for a new address if one can be freed; false when every counted address is locked.</summary>
    private bool MakeRoom(DateTimeOffset now)
    {
        while (_locked.First is { } oldest && oldest.Value.LockedUntil <= now)
        {
            Remove(oldest);
        }

        if (_byAddress.Count < Capacity)
        {
            return true;
        }

        if (_unlocked.First is not { } leastRecent)
        {
            return false;
        }

        Remove(leastRecent);
        return true;
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _byAddress.Remove(node.Value.Address);
        node.List!.Remove(node);
    }

    private sealed class Entry(string address, DateTimeOffset windowStart)
    {
        public string Address { get; } = address;

        public DateTimeOffset WindowStart { get; set; } = windowStart;

        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
