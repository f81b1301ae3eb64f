using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Uploader.Api.Health;

/// <summary>
/// One health report per probe, reused for <see cref="Reuse"/>: a flood of probes runs the checks (a database
/// read and a file written in each folder) about once a second, and callers arriving while a run is under way
/// wait for that run. A run never takes a caller's cancellation: one client going away stops nobody's check.
/// </summary>
public sealed class HealthReportCache(HealthCheckService checks, TimeProvider clock)
{
    public static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, (Task<HealthReport> Report, DateTimeOffset Until)> _reports = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<HealthReport> ReportAsync(string probe, Func<HealthCheckRegistration, bool> predicate, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Task<Task<HealthReport>> run;
        Task<HealthReport> report;
        lock (_lock)
        {
            if (_reports.TryGetValue(probe, out var cached) && (cached.Until > now || !cached.Report.IsCompleted))
            {
                return cached.Report.WaitAsync(cancellationToken);
            }

            // Started after the lock is left: the checks' synchronous start should not hold it.
            run = new Task<Task<HealthReport>>(() => checks.CheckHealthAsync(predicate, CancellationToken.None));
            report = run.Unwrap();
            _reports[probe] = (report, now + Reuse);
        }

        run.Start(TaskScheduler.Default);
        return report.WaitAsync(cancellationToken);
    }
}
