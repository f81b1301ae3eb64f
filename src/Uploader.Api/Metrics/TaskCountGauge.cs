using Prometheus;
using Uploader.Application.Ports;
using Uploader.Application.Tasks;
using Uploader.Domain.Tasks;

namespace Uploader.Api.Metrics;

/// <summary>
/// uploader_tasks{status}: every status, zero included. Counted by one GROUP BY at most once per
/// <see cref="RefreshInterval"/>, so scrapers (several Prometheus servers, a dashboard) never turn into a
/// database query per scrape.
/// </summary>
public sealed partial class TaskCountGauge
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private readonly Gauge _tasks;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<TaskCountGauge> _logger;
    private DateTimeOffset? _refreshedAt;
    private int _refreshing;

    public TaskCountGauge(CollectorRegistry registry, IServiceScopeFactory scopes, TimeProvider clock, ILogger<TaskCountGauge> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        _tasks = Prometheus.Metrics.WithCustomRegistry(registry)
            .CreateGauge("uploader_tasks", $"Tasks per status, counted at most every {RefreshInterval.TotalSeconds:0} s.", "status");
        registry.AddBeforeCollectCallback(RefreshAsync);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_refreshedAt is { } last && now - last < RefreshInterval)
        {
            return;
        }

        // A scrape that arrives while another one counts serves the previous figures instead of queueing a second query.
        if (Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0)
        {
            return;
        }

        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var counts = await scope.ServiceProvider.GetRequiredService<IUploadStatistics>().CountTasksByStatusAsync(cancellationToken);
            foreach (var status in Enum.GetValues<UploadTaskStatus>())
            {
                _tasks.WithLabels(TaskStatusNames.Of(status)).Set(counts.GetValueOrDefault(status));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The scrape still answers (with the last counts) so every other metric stays visible while the database is down.
            LogRefreshFailed(ex);
        }
        finally
        {
            _refreshedAt = now;
            Volatile.Write(ref _refreshing, 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count tasks for uploader_tasks; the metric keeps its last values")]
    private partial void LogRefreshFailed(Exception exception);
}
