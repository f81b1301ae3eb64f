using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

/// <summary>
/// The ports of the handlers that remove tasks (delete, cleanup, batch) as mocks. Every store and storage effect
/// is appended to <see cref="Effects"/>: "begin"/"commit"/"rollback" of a transaction, "load {file_id}",
/// "save {file_id} {status}", "remove {file_id}", "delete data {file_id}", "delete file {path}".
/// </summary>
internal sealed class TaskRemovalScenario
{
    public const long DataBytes = 1234;

    private readonly Dictionary<string, UploadTask> _stored = [];
    private readonly Dictionary<Guid, string> _fileIdOf = [];

    public TaskRemovalScenario()
    {
        Tasks.Setup(t => t.InTransactionAsync(It.IsAny<Func<CancellationToken, Task<UploadTask>>>(), It.IsAny<CancellationToken>()))
            .Returns((Func<CancellationToken, Task<UploadTask>> work, CancellationToken ct) => InTransaction(work, ct));
        Tasks.Setup(t => t.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string fileId, CancellationToken _) =>
            {
                Effects.Add($"load {fileId}");
                return _stored.GetValueOrDefault(fileId);
            });
        Tasks.Setup(t => t.SaveAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .Callback((UploadTask task, CancellationToken _) => Effects.Add($"save {task.FileId} {task.Status}"))
            .Returns(Task.CompletedTask);
        Tasks.Setup(t => t.RemoveAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .Callback((UploadTask task, CancellationToken _) => Effects.Add($"remove {task.FileId}"))
            .Returns(Task.CompletedTask);
        Storage.Setup(s => s.DeleteTaskDataAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .Callback((Guid id, CancellationToken _) => Effects.Add($"delete data {_fileIdOf.GetValueOrDefault(id, id.ToString())}"))
            .ReturnsAsync(DataBytes);
        Storage.Setup(s => s.DeleteMergedFileAsync(It.IsAny<string>(), It.IsAny<long>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback((string path, long _, string? _, CancellationToken _) => Effects.Add($"delete file {path}"))
            .ReturnsAsync(MergedFileRemoval.Deleted);
    }

    public Mock<IUploadTaskRepository> Tasks { get; } = new();

    public Mock<IMaintenanceQueries> Maintenance { get; } = new();

    public Mock<IChunkStorage> Storage { get; } = new();

    /// <summary>The removal the handlers get from DI, over these mocks.</summary>
    /// <summary>Finds no folder, so every id is read as a file_id.</summary>
    public Mock<IFolderUploadRepository> Folders { get; } = new();

    public TaskRemoval Removal => new(Tasks.Object, Folders.Object, Maintenance.Object, Storage.Object, NullLogger<TaskRemoval>.Instance);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public RetentionPolicy Retention { get; } = new() { TaskExpiry = TimeSpan.FromHours(10) };

    public List<string> Effects { get; } = [];

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    /// <summary>A one-chunk task named <paramref name="fileId"/> in <paramref name="status"/>, through the domain's own transitions.</summary>
    public static UploadTask TaskIn(string fileId, UploadTaskStatus status)
    {
        var task = UploadTask.Start(
            fileId, RelativeFilePath.Parse(SampleTasks.RelativePath), FileLayout.Create(10, 1, null), SampleTasks.Created);
        task.AcceptChunk(task.Admit(0, 10, task.Layout), SampleTasks.Md5Of(0), SampleTasks.LocationOf(0), SampleTasks.Created);
        switch (status)
        {
            case UploadTaskStatus.Paused:
                task.Pause(SampleTasks.Created);
                break;
            case UploadTaskStatus.Merging:
                task.BeginMerge(SampleTasks.Created);
                break;
            case UploadTaskStatus.Completed:
                task.BeginMerge(SampleTasks.Created);
                task.CompleteMerge(SampleTasks.MergedMd5, SampleTasks.RelativePath, SampleTasks.Created);
                break;
            case UploadTaskStatus.Failed:
                task.BeginMerge(SampleTasks.Created);
                task.FailMerge("disk unplugged", SampleTasks.Created);
                break;
        }

        return task;
    }

    /// <summary>Stores a task; every load returns it.</summary>
    public UploadTask Given(string fileId, UploadTaskStatus status)
    {
        var task = TaskIn(fileId, status);
        _stored[fileId] = task;
        _fileIdOf[task.Id] = fileId;
        return task;
    }

    public void GivenDataDeletionFails(Exception error) =>
        Storage.Setup(s => s.DeleteTaskDataAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .Callback(() => Effects.Add("delete data failed"))
            .ThrowsAsync(error);

    private async Task<UploadTask> InTransaction(Func<CancellationToken, Task<UploadTask>> work, CancellationToken ct)
    {
        Effects.Add("begin");
        try
        {
            var result = await work(ct);
            Effects.Add("commit");
            return result;
        }
        catch
        {
            Effects.Add("rollback");
            throw;
        }
    }
}
