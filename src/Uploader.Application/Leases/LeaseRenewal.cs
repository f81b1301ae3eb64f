using Microsoft.Extensions.Logging;

namespace Uploader.Application.Leases;

/// <summary>
/// Keeps a lease alive: renews it every <see cref="Policies.LeasePolicy.RenewEvery"/> until disposed, and notices when it
/// is lost (the renewal's conditional write found another owner), after which it never renews again.
/// </summary>
/// <remarks>
/// A renewal that fails (a busy or unreachable database) is logged and tried again at the next tick: the lease outlasts
/// two such failures. <see cref="ConfirmAsync"/>, used right before a step that cannot be undone, is stricter: it
/// answers only from a renewal that succeeded now.
/// </remarks>
public sealed partial class LeaseRenewal : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<bool>> _renew;
    private readonly string _what;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;
    private int _disposed;

    private LeaseRenewal(string what, Func<CancellationToken, Task<bool>> renew, TimeSpan every, TimeProvider clock, ILogger logger)
    {
        _what = what;
        _renew = renew;
        _logger = logger;
        _loop = LoopAsync(new PeriodicTimer(every, clock));
    }

    /// <summary>Signalled once the lease is known to be lost.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <param name="what">Names the lease in log lines ("merge of task x").</param>
    /// <param name="renew">One conditional renewal; false when another owner holds the lease now.</param>
    public static LeaseRenewal Start(
        string what, Func<CancellationToken, Task<bool>> renew, TimeSpan every, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(renew);
        ArgumentNullException.ThrowIfNull(clock);
        return new LeaseRenewal(what, renew, every, clock, logger);
    }

    /// <summary>Renews now and answers whether the lease is still held; a failing renewal throws.</summary>
    public async Task<bool> ConfirmAsync()
    {
        await _oneAtATime.WaitAsync();
        try
        {
            return !IsLost && await RenewOnceAsync();
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Stops the renewals; the lease runs out unless the work's end already released it. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _lost.Dispose();
        _oneAtATime.Dispose();
    }

    private async Task LoopAsync(PeriodicTimer timer)
    {
        using (timer)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    if (!await TickAsync())
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Disposed: the holder's work is over.
            }
        }
    }

    /// <returns>False once the lease is lost: nothing more to renew.</returns>
    private async Task<bool> TickAsync()
    {
        await _oneAtATime.WaitAsync(_stop.Token);
        try
        {
            return !IsLost && await RenewOnceAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            // Kept for now: the expiry lies two more ticks ahead, and the next tick tries again.
            LogRenewalFailed(ex, _what);
            return true;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<bool> RenewOnceAsync()
    {
        if (await _renew(CancellationToken.None))
        {
            return true;
        }

        LogLost(_what);
        await _lost.CancelAsync();
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease on the {What} could not be renewed; trying again at the next renewal")]
    private partial void LogRenewalFailed(Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease on the {What} was lost: another instance took the work over after the lease ran out; this instance stops it")]
    private partial void LogLost(string what);
}
