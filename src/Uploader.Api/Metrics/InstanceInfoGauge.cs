using Prometheus;
using Uploader.Api.Configuration;

namespace Uploader.Api.Metrics;

/// <summary>
/// uploader_instance_info{instance_id} = 1: names the instance behind a scrape target. One info series rather than a
/// label on every uploader_ metric, which would change each series' identity and every query over them; a query
/// that wants the name joins on the target (`* on(instance) group_left(instance_id) uploader_instance_info`).
/// </summary>
public sealed class InstanceInfoGauge
{
    public InstanceInfoGauge(CollectorRegistry registry, UploaderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(settings);
        Prometheus.Metrics.WithCustomRegistry(registry)
            .CreateGauge("uploader_instance_info", "Always 1; its label is this instance's instance_id.", "instance_id")
            .WithLabels(settings.InstanceId)
            .Set(1);
    }
}
