using Mediator;
using Uploader.Application.Monitoring.Views;
using Uploader.Application.Ports;
using Uploader.Application.Storage;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Monitoring.Queries.GetSystemInfo;

public sealed class GetSystemInfoHandler(
    IUploadStatistics statistics,
    IStorageSpace space,
    IProcessInspector process,
    TimeProvider clock) : IQueryHandler<GetSystemInfoQuery, SystemInfoView>
{
    public async ValueTask<SystemInfoView> Handle(GetSystemInfoQuery query, CancellationToken cancellationToken)
    {
        var counted = await statistics.CountTasksByStatusAsync(cancellationToken);

        // The store only reports statuses it holds; a dashboard wants every status, zero included.
        var byStatus = Enum.GetValues<UploadTaskStatus>().ToDictionary(s => s, s => counted.GetValueOrDefault(s));
        var held = await statistics.BytesHeldByUnfinishedUploadsAsync(cancellationToken);
        var snapshot = process.Snapshot();
        var uptime = clock.GetUtcNow().UtcDateTime - snapshot.StartedAt;
        return new SystemInfoView(
            snapshot, uptime < TimeSpan.Zero ? TimeSpan.Zero : uptime, byStatus, Measure(space.Uploads), Measure(space.Merged), held);
    }

    /// <summary>
    /// A folder that is gone or unreadable leaves its volume out instead of failing the whole answer: this is
    /// where an operator looks when something is wrong (the health check names the folder's fault).
    /// </summary>
    private static StorageVolume? Measure(Func<StorageVolume> volume)
    {
        try
        {
            return volume();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
