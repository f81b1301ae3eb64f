using Uploader.Application.Tasks.Views;

namespace Uploader.Application.Ports;

/// <summary>Read-only projections of tasks, computed by the store without loading aggregates.</summary>
public interface IUploadTaskReader
{
    Task<UploadStatusView?> GetStatusAsync(string fileId, CancellationToken cancellationToken);

    Task<TaskSummaryView?> GetSummaryAsync(string fileId, CancellationToken cancellationToken);

    Task<int> CountUploadedChunksAsync(Guid taskId, CancellationToken cancellationToken);
}
