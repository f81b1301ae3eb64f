using Uploader.Domain.Tasks;

namespace Uploader.Application.Ports;

/// <summary>Whole-store figures for monitoring, each computed by one aggregate query.</summary>
public interface IUploadStatistics
{
    /// <summary>Task count per status; statuses without tasks are absent.</summary>
    Task<IReadOnlyDictionary<UploadTaskStatus, int>> CountTasksByStatusAsync(CancellationToken cancellationToken);

    /// <summary>Bytes of stored, usable chunks of tasks that are not completed.</summary>
    Task<long> BytesHeldByUnfinishedUploadsAsync(CancellationToken cancellationToken);
}
