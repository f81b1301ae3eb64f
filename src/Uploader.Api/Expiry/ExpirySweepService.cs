using Mediator;
using Uploader.Api.Configuration;
using Uploader.Application.Leases;
using Uploader.Application.Policies;
using Uploader.Application.Auth.Commands.SweepAuthState;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Application.Tasks.Commands.RemoveOrphanData;

namespace Uploader.Api.Expiry;

/// <summary>
/// Every cleanup_interval seconds: removes expired tasks (what the cleanup endpoint does without filters), then
/// the stored data nothing refers to any more, then expired web sessions and spent wrong-key counters. Both are commands sent through the mediator in a scope of their
/// own, so the rules stay in the Application layer and each sweep gets fresh database contexts.
/// </summary>
/// <remarks>
/// The first sweep runs one interval after start. A failing part is logged and the sweeps go on; the
/// timer follows the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </remarks>
public sealed partial class ExpirySweepService(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    UploaderSettings settings,
    INamedLeases leases,
    LeasePolicy leasePolicy,
    ILogger<ExpirySweepService> logger) : BackgroundService
{
    /// <summary>The row of the `leases` table the sweep is held under.</summary>
    public const string LeaseName = "expiry_sweep";

    private PeriodicTimer? _timer;

    /// <summary>Raised after every sweep with what it removed, whether it ran on the timer or was called.</summary>
    public event EventHandler<SweepReport>? Swept;

    /// <summary>
    /// cleanup_interval, at most <see cref="LongestInterval"/>: a longer one means "rarely", and is swept that rarely.
    /// </summary>
    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(Math.Min(settings.CleanupInterval, LongestInterval.TotalSeconds));

    /// <summary>The longest period a <see cref="PeriodicTimer"/> takes (about 49.7 days).</summary>
    public static TimeSpan LongestInterval { get; } = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// One sweep, if no other instance is sweeping (the lease <see cref="LeaseName"/>); otherwise nothing, and the report
    /// says so. Never throws except for <paramref name="cancellationToken"/>; a failed part is null in the report.
    /// </summary>
    /// <remarks>
    /// The lease spares the store N sweeps at once; it is not what keeps them correct: every removal is conditional,
    /// so two sweeps that overlap anyway (a lease lost to a pause) still free each thing once.
    /// </remarks>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        var owner = leasePolicy.InstanceId;
        if (!await TakeLeaseAsync(owner, cancellationToken))
        {
            var skipped = SweepReport.NotRun;
            Swept?.Invoke(this, skipped);
            return skipped;
        }

        CleanupTasksResult? expired;
        OrphanRemoval? orphans;
        AuthStateSwept? auth;
        await using (var renewal = LeaseRenewal.Start(
            "expiry sweep", ct => leases.TryTakeAsync(LeaseName, owner, Now, Now + leasePolicy.Length, ct), leasePolicy.RenewEvery, clock, logger))
        {
            expired = await RunAsync(new CleanupTasksCommand(null, null), cancellationToken);
            orphans = await RunAsync(new RemoveOrphanDataCommand(), cancellationToken);
            auth = await RunAsync(new SweepAuthStateCommand(), cancellationToken);
        }

        await ReleaseLeaseAsync(owner);
        var report = new SweepReport(expired, orphans, auth);
        if (report.FreedAnything)
        {
            LogSwept(expired?.Cleaned ?? 0, expired?.FreedBytes ?? 0, orphans?.TaskFolders ?? 0, orphans?.LeftoverFiles ?? 0, orphans?.FreedBytes ?? 0);
        }

        Swept?.Invoke(this, report);
        return report;
    }

    /// <summary>
    /// Starts the timer while the host starts, so the first sweep is due one interval after start. .NET runs all of
    /// ExecuteAsync on the thread pool, where the timer could be created after a clock was already moved.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(Interval, clock);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = _timer ?? throw new InvalidOperationException("The sweep is started through StartAsync.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Each part already logs its own failure; this keeps anything else (a Swept handler) from
                    // ending the loop, and with it every later sweep.
                    LogFailed(ex, nameof(SweepAsync));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; a sweep cut short resumes at the next start.
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<bool> TakeLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        try
        {
            if (await leases.TryTakeAsync(LeaseName, owner, Now, Now + leasePolicy.Length, cancellationToken))
            {
                return true;
            }

            LogHeldElsewhere();
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex, "taking the sweep lease");
            return false;
        }
    }

    /// <summary>Lets the next instance's sweep start at its own time rather than after the lease runs out.</summary>
    private async Task ReleaseLeaseAsync(string owner)
    {
        try
        {
            await leases.ReleaseAsync(LeaseName, owner, Now, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // It runs out by itself within a lease length.
            LogFailed(ex, "releasing the sweep lease");
        }
    }

    private async Task<TResult?> RunAsync<TResult>(ICommand<TResult> command, CancellationToken cancellationToken)
        where TResult : class
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(ex, command.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expiry sweep removed {Cleaned} expired task(s) with {FreedBytes} bytes of chunks, and {OrphanFolders} orphaned task folder(s) and {LeftoverFiles} leftover file(s) with {OrphanBytes} bytes")]
    private partial void LogSwept(int cleaned, long freedBytes, int orphanFolders, int leftoverFiles, long orphanBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expiry sweep skipped: another instance holds the sweep lease")]
    private partial void LogHeldElsewhere();

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiry sweep: {Command} failed; the next sweep tries again")]
    private partial void LogFailed(Exception exception, string command);
}

/// <param name="Expired">What the expired-task cleanup removed; null if it failed.</param>
/// <param name="Orphans">What the orphan removal removed; null if it failed.</param>
/// <param name="Auth">The expired web sessions and wrong-key counters deleted; null if that failed.</param>
public sealed record SweepReport(CleanupTasksResult? Expired, OrphanRemoval? Orphans, AuthStateSwept? Auth)
{
    /// <summary>The sweep did not run: another instance held the lease, or it could not be taken.</summary>
    public static SweepReport NotRun { get; } = new(null, null, null) { Ran = false };

    public bool Ran { get; init; } = true;

    public bool FreedAnything =>
        Expired is { Cleaned: > 0 } || Orphans is { TaskFolders: > 0 } || Orphans is { LeftoverFiles: > 0 };
}
