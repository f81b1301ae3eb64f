namespace Uploader.Api.Uploads;

/// <summary>
/// The running places of chunk writes (upload_chunk, and each chunk of a tus PATCH): at most <c>concurrent_uploads</c>
/// at once and at most <c>max_uploads_per_client</c> of them for one client address; up to <see cref="QueueFactor"/>
/// times concurrent_uploads more wait, oldest first, for <c>upload_queue_timeout</c> at most. A freed place goes to the
/// oldest waiter whose client is under its share, so one address's backlog never holds back another's chunk.
/// </summary>
public sealed class UploadSlots(int slots, int perClient, TimeSpan queueTimeout, TimeProvider time)
{
    /// <summary>Queued requests per running one: enough to ride out a burst of parallel chunk senders.</summary>
    public const int QueueFactor = 4;

    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly LinkedList<Waiter> _waiting = new();
    private int _runningTotal;

    /// <summary>Why a request got no place.</summary>
    public enum Refusal
    {
        None,
        QueueFull,
        WaitedTooLong,
    }

    public TimeSpan QueueTimeout => queueTimeout;

    /// <summary>The places one client address may hold at once: the most chunks worth sending in parallel.</summary>
    public int PerClient => perClient;

    /// <summary>max_uploads_per_client resolved: 0 means half of the places, rounded up; never more than all.</summary>
    public static int ShareOf(int slots, int configured) => Math.Min(slots, configured > 0 ? configured : (slots + 1) / 2);

    private int QueueLimit => slots * QueueFactor;

    /// <summary>A place for <paramref name="client"/>, or the reason there is none; a cancelled wait leaves the queue.</summary>
    public async Task<(IDisposable? Slot, Refusal Refusal)> EnterAsync(string client, CancellationToken cancellationToken)
    {
        var (slot, waiter) = TakeOrQueue(client, bounded: true);
        if (slot is not null || waiter is null)
        {
            return (slot, slot is null ? Refusal.QueueFull : Refusal.None);
        }

        try
        {
            return (await waiter.Granted.Task.WaitAsync(queueTimeout, time, cancellationToken), Refusal.None);
        }
        catch (TimeoutException)
        {
            Withdraw(waiter);
            return (null, Refusal.WaitedTooLong);
        }
        catch (OperationCanceledException)
        {
            Withdraw(waiter);
            throw;
        }
    }

    /// <summary>
    /// A place for the next chunk of a body already being received (a tus PATCH): it waits its turn in the same queue,
    /// past the queue's bound and timeout, for as long as its client stays (tus clients do not send a PATCH again
    /// after a 429, so refusing it mid-upload would fail the upload).
    /// </summary>
    /// <exception cref="OperationCanceledException">The client went away while waiting; the wait left the queue.</exception>
    public async Task<IDisposable> WaitForAsync(string client, CancellationToken cancellationToken)
    {
        var (slot, waiter) = TakeOrQueue(client, bounded: false);
        if (slot is not null)
        {
            return slot;
        }

        try
        {
            return await waiter!.Granted.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Withdraw(waiter!);
            throw;
        }
    }

    /// <summary>A place at once, else a place in the queue; neither (both null) when a bounded queue is full.</summary>
    private (IDisposable? Slot, Waiter? Waiter) TakeOrQueue(string client, bool bounded)
    {
        lock (_waiting)
        {
            if (_runningTotal < slots && _running.GetValueOrDefault(client) < perClient)
            {
                return (Take(client), null);
            }

            if (bounded && _waiting.Count >= QueueLimit)
            {
                return (null, null);
            }

            var waiter = new Waiter(client);
            waiter.Node = _waiting.AddLast(waiter);
            return (null, waiter);
        }
    }

    private void Withdraw(Waiter waiter)
    {
        lock (_waiting)
        {
            if (waiter.Node.List is not null)
            {
                _waiting.Remove(waiter.Node);
                return;
            }
        }

        // Granted (under the lock, as it left the queue) just as the wait ended: hand the place back, not leak it.
        waiter.Granted.Task.GetAwaiter().GetResult().Dispose();
    }

    private Slot Take(string client)
    {
        _runningTotal++;
        _running[client] = _running.GetValueOrDefault(client) + 1;
        return new Slot(this, client);
    }

    private void Leave(string client)
    {
        lock (_waiting)
        {
            _runningTotal--;
            if (--_running[client] == 0)
            {
                _running.Remove(client);
            }

            for (var node = _waiting.First; node is not null && _runningTotal < slots; node = node.Next)
            {
                if (_running.GetValueOrDefault(node.Value.Client) < perClient)
                {
                    _waiting.Remove(node);
                    node.Value.Granted.TrySetResult(Take(node.Value.Client));
                    return;
                }
            }
        }
    }

    private sealed class Waiter(string client)
    {
        public string Client { get; } = client;

        public TaskCompletionSource<IDisposable> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter> Node { get; set; } = null!;
    }

    private sealed class Slot(UploadSlots owner, string client) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                owner.Leave(client);
            }
        }
    }
}
