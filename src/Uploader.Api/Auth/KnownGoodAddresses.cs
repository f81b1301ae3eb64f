namespace Uploader.Api.Auth;

/// <summary>
/// Addresses that presented the right key, with the time of their last success; at most a fixed number, the
/// oldest success forgotten first. Not thread-safe: <see cref="FailedKeyAttempts"/> holds its lock around it.
/// </summary>
internal sealed class KnownGoodAddresses(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Address, DateTimeOffset At)>> _byAddress = new(StringComparer.Ordinal);

    /// <summary>Oldest success first: the eviction order.</summary>
    private readonly LinkedList<(string Address, DateTimeOffset At)> _byAge = new();

    public int Count => _byAddress.Count;

    public void Add(string address, DateTimeOffset at)
    {
        if (_byAddress.Remove(address, out var known))
        {
            _byAge.Remove(known);
        }
        else if (_byAddress.Count >= capacity)
        {
            _byAddress.Remove(_byAge.First!.Value.Address);
            _byAge.RemoveFirst();
        }

        _byAddress.Add(address, _byAge.AddLast((address, at)));
    }

    /// <summary>Whether <paramref name="address"/> succeeded after <paramref name="since"/>.</summary>
    public bool Contains(string address, DateTimeOffset since) =>
        _byAddress.TryGetValue(address, out var known) && known.Value.At > since;
}
