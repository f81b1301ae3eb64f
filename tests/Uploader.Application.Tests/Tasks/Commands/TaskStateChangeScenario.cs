using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

/// <summary>The ports shared by the pause and resume handlers, with the summary the reader answers.</summary>
internal sealed class TaskStateChangeScenario
{
    private readonly Queue<Exception> _saveFailures = new();

    public TaskStateChangeScenario()
    {
        Tasks.Setup(t => t.SaveAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .Returns((UploadTask task, CancellationToken _) =>
            {
                Saved.Add(task);
                return _saveFailures.TryDequeue(out var error) ? Task.FromException(error) : Task.CompletedTask;
            });
        Reader.Setup(r => r.GetSummaryAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(Summary);
    }

    public Mock<IUploadTaskRepository> Tasks { get; } = new();

    public Mock<IUploadTaskReader> Reader { get; } = new();

    /// <summary>Finds no folder, so every id is read as a file_id.</summary>
    public Mock<IFolderUploadRepository> Folders { get; } = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero));

    public TaskSummaryView Summary { get; } = new(
        SampleTasks.FileId, "report.pdf", SampleTasks.RelativePath, UploadTaskStatus.Paused,
        SampleTasks.TotalChunks, 1, SampleTasks.FileSize, 4, SampleTasks.Created, SampleTasks.Created, 0, null);

    /// <summary>Every task passed to SaveAsync, in order.</summary>
    public List<UploadTask> Saved { get; } = [];

    /// <summary>Each load returns a fresh task made by <paramref name="load"/>, as a store would.</summary>
    public void GivenTask(Func<UploadTask> load) =>
        Tasks.Setup(t => t.FindAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(load);

    public void GivenSaveFails(params Exception[] errors)
    {
        foreach (var error in errors)
        {
            _saveFailures.Enqueue(error);
        }
    }
}
