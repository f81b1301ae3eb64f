using Uploader.Application.Ports;
using Uploader.Application.Storage;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Monitoring.Views;

/// <param name="Process">Runtime facts of the server process.</param>
/// <param name="Uptime">Time since the process started.</param>
/// <param name="TasksByStatus">Every status, with zero for those without tasks.</param>
/// <param name="Uploads">The volume holding upload_dir; null when it cannot be measured (the folder is gone).</param>
/// <param name="Merged">The volume holding merged_dir; null when it cannot be measured.</param>
/// <param name="UnfinishedUploadBytes">Bytes of stored chunks of tasks not yet completed.</param>
public sealed record SystemInfoView(
    ProcessSnapshot Process,
    TimeSpan Uptime,
    IReadOnlyDictionary<UploadTaskStatus, int> TasksByStatus,
    StorageVolume? Uploads,
    StorageVolume? Merged,
    long UnfinishedUploadBytes)
{
    public int TotalTasks => TasksByStatus.Values.Sum();
}
