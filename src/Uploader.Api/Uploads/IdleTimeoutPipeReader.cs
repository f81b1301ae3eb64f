using System.Diagnostics;
using System.IO.Pipelines;

namespace Uploader.Api.Uploads;

/// <summary>
/// A request body that gives up when a read waits the idle time for a byte: the connection is aborted and the
/// read fails, so a client that stops half-way through a chunk does not hold its upload place and staged file until
/// Kestrel's average-rate limit notices (which, after a large part of the body, takes minutes). One timer per body,
/// not one per read: a read only stamps when it started waiting, and the timer, when it fires, either finds a read
/// that has waited the whole idle time or sets itself to the moment the current wait would reach it.
/// </summary>
/// <remarks>
/// On the real clock on purpose: the body budget runs on the injected clock, and a fake one moved forward in tests
/// must not count as silence.
/// </remarks>
internal sealed class IdleTimeoutPipeReader : PipeReader, IDisposable
{
    private readonly PipeReader _inner;
    private readonly TimeSpan _idle;
    private readonly Action _abort;
    private readonly ITimer _timer;
    private readonly Lock _state = new();
    private long _waitingSince;
    private bool _expired;
    private bool _disposed;

    public IdleTimeoutPipeReader(PipeReader inner, TimeSpan idle, Action abort)
    {
        _inner = inner;
        _idle = idle;
        _abort = abort;
        _timer = TimeProvider.System.CreateTimer(static self => ((IdleTimeoutPipeReader)self!).Check(), this, idle, Timeout.InfiniteTimeSpan);
    }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _waitingSince, Stopwatch.GetTimestamp());
        ReadResult result;
        try
        {
            result = await _inner.ReadAsync(cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _waitingSince, 0);
        }

        if (result.IsCanceled && Volatile.Read(ref _expired))
        {
            _abort();
            throw new IOException($"No byte of the request body arrived for {_idle.TotalSeconds:0} s; the connection was closed.");
        }

        return result;
    }

    public override bool TryRead(out ReadResult result) => _inner.TryRead(out result);

    public override void AdvanceTo(SequencePosition consumed) => _inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    /// <summary>The request's body belongs to the server; reading it to its end is what completes it.</summary>
    public override void Complete(Exception? exception = null)
    {
    }

    public void Dispose()
    {
        lock (_state)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private void Check()
    {
        lock (_state)
        {
            // After the body is done with, the connection's pipe may already serve its next request.
            if (_disposed)
            {
                return;
            }

            var since = Volatile.Read(ref _waitingSince);
            var waited = since == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since);
            if (waited >= _idle)
            {
                Volatile.Write(ref _expired, true);
                _inner.CancelPendingRead();
                return;
            }

            _timer.Change(_idle - waited, Timeout.InfiniteTimeSpan);
        }
    }
}
