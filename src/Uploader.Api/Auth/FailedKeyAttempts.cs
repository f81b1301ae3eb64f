namespace Uploader.Api.Auth;

/// <summary>
/// Wrong API keys per client address. <see cref="MaxFailures"/> wrong keys within <see cref="Window"/> (counted
/// from the first) lock the address out for <see cref="Lockout"/>: every request from it that presents a key is
/// then refused, the right key included, so guessing on gains nothing. A right key outside a lockout clears
/// the address's count.
/// </summary>
/// <remarks>
/// In process memory, per instance: several instances behind a load balancer count separately, which is fine
/// for defence in depth. At most <see cref="Capacity"/> addresses are kept; when full, the address whose last
/// wrong key is oldest is forgotten, so a spray of addresses costs bounded memory and constant time per request.
/// </remarks>
public sealed class FailedKeyAttempts(TimeProvider clock, int capacity = FailedKeyAttempts.DefaultCapacity)
{
    public const int MaxFailures = 10;
    public const int DefaultCapacity = 10_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, LinkedListNode<Entry>> _byAddress = new(StringComparer.Ordinal);

    /// <summary>Least recently failed first: the eviction order.</summary>
    private readonly LinkedList<Entry> _byRecency = new();

    private readonly Lock _lock = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Addresses currently remembered.</summary>
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

    /// <summary>Counts a wrong key; true when this one locks the address out.</summary>
    public bool RecordFailure(string address)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_byAddress.TryGetValue(address, out var node))
            {
                _byRecency.Remove(node);
                _byRecency.AddLast(node);
            }
            else
            {
                if (_byAddress.Count >= Capacity)
                {
                    Remove(_byRecency.First!);
                }

                node = _byRecency.AddLast(new Entry(address, now));
                _byAddress.Add(address, node);
            }

            var entry = node.Value;
            if (entry.LockedUntil is { } until && until > now)
            {
                // Already locked out; keys tried now are not even compared, so they do not count.
                return false;
            }

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
            return true;
        }
    }

    /// <summary>A right key from an address that is not locked out: its earlier wrong keys are forgiven.</summary>
    public void RecordSuccess(string address)
    {
        lock (_lock)
        {
            if (_byAddress.TryGetValue(address, out var node))
            {
                Remove(node);
            }
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _byAddress.Remove(node.Value.Address);
        _byRecency.Remove(node);
    }

    private sealed class Entry(string address, DateTimeOffset windowStart)
    {
        public string Address { get; } = address;

        public DateTimeOffset WindowStart { get; set; } = windowStart;

        public int Failures { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
