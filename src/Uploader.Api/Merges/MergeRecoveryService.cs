using Mediator;
using Uploader.Application.Policies;
using Uploader.Application.Tasks.Commands.RecoverMerges;

namespace Uploader.Api.Merges;

/// <summary>
/// Every third of a lease length, on every instance: settles merges whose lease ran out, so that a merge whose
/// instance died is completed or reopened by the instances still running, not only by that instance's restart
/// (docs/adr/0010-leases.md). The take-over is a conditional write, so instances recovering at once never settle a
/// task twice.
/// </summary>
public sealed partial class MergeRecoveryService(
    IServiceScopeFactory scopes,
    LeasePolicy policy,
    TimeProvider clock,
    ILogger<MergeRecoveryService> logger) : BackgroundService
{
    /// <summary>Raised after every run with what it settled.</summary>
    public event EventHandler<MergeRecovery>? Recovered;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(policy.RenewEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RecoverAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is left is settled by another instance or by the next start.
        }
    }

    private async Task RecoverAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var recovered = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecoverMergesCommand(), stoppingToken);
            if (recovered.Completed > 0 || recovered.Reopened > 0)
            {
                LogRecovered(recovered.Completed, recovered.Reopened);
            }

            Recovered?.Invoke(this, recovered);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // A busy or unreachable database: the next run tries again, and the tasks wait merging until then.
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merge recovery: {Completed} merge(s) of stopped instances completed, {Reopened} reopened")]
    private partial void LogRecovered(int completed, int reopened);

    [LoggerMessage(Level = LogLevel.Error, Message = "Merge recovery failed; the next run tries again")]
    private partial void LogFailed(Exception exception);
}
