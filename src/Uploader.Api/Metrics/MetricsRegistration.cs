using Microsoft.AspNetCore.Diagnostics;
using Prometheus;
using Uploader.Api.Contracts;
using Uploader.Application.Ports;

namespace Uploader.Api.Metrics;

/// <summary>
/// Wires GET /go-uploader/metrics: the upload counters, task and disk gauges, HTTP request metrics and
/// prometheus-net's process and .NET runtime collectors, all in one registry owned by this application.
/// </summary>
/// <remarks>
/// Not prometheus-net's process-wide default registry: two applications in one process (the integration
/// tests' servers) would otherwise add to each other's counters. It also keeps the default registry's
/// event-counter and meter listeners from ever starting.
/// </remarks>
public static class MetricsRegistration
{
    public const string Path = BasePath.Absolute + "/metrics";

    public static IServiceCollection AddUploaderMetrics(this IServiceCollection services)
    {
        services.AddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton<PrometheusUploadMetrics>();
        services.AddSingleton<IUploadMetrics>(provider => provider.GetRequiredService<PrometheusUploadMetrics>());
        services.AddSingleton<TaskCountGauge>();
        services.AddSingleton<DiskFreeGauge>();
        services.AddSingleton<InstanceInfoGauge>();
        return services;
    }

    /// <summary>
    /// http_requests_received_total, http_request_duration_seconds, http_requests_in_progress. Goes outside the
    /// exception handler, so the code label is the status the client received.
    /// </summary>
    public static IApplicationBuilder UseUploaderHttpMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        app.UseHttpMetrics(options => options.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(registry)));

        // The exception handler clears the endpoint before writing the problem; put it back so a refused
        // request is labelled with its endpoint like an accepted one, not with endpoint="".
        return app.Use(async (context, next) =>
        {
            await next(context);
            if (context.GetEndpoint() is null && context.Features.Get<IExceptionHandlerFeature>()?.Endpoint is { } endpoint)
            {
                context.SetEndpoint(endpoint);
            }
        });
    }

    public static IEndpointConventionBuilder MapUploaderMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Created now so that the first scrape shows every family: the counters at zero, the gauges with
        // their scrape-time callbacks registered.
        app.Services.GetRequiredService<PrometheusUploadMetrics>();
        app.Services.GetRequiredService<TaskCountGauge>();
        app.Services.GetRequiredService<DiskFreeGauge>();
        app.Services.GetRequiredService<InstanceInfoGauge>();
        return app.MapMetrics(Path, app.Services.GetRequiredService<CollectorRegistry>());
    }
}
