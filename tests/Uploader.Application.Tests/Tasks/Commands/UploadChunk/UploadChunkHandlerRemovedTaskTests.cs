using Moq;
using Uploader.Application.Errors;
using static Uploader.Application.Tests.UploadChunkScenario;

namespace Uploader.Application.Tests;

/// <summary>
/// A task removed between the chunk's checks and its record: the removal may already have deleted the task folder
/// when this request's commit created it again, so the handler removes the task's data as well as its own copy.
/// </summary>
public class UploadChunkHandlerRemovedTaskTests
{
    private const string OtherMd5 = "0cc175b9c0f1b6a831c399e269772661";
    private readonly UploadChunkScenario _scenario = new();

    [Fact]
    public async Task A_chunk_of_a_task_removed_before_its_record_removes_the_folder_its_commit_created()
    {
        var task = _scenario.GivenTask(SampleTasks.Uploading());
        _scenario.GivenSaveChunksFails(new TaskNotFound(SampleTasks.FileId));

        await Assert.ThrowsAsync<TaskNotFound>(() => _scenario.Send(Command(_scenario.Staged(OtherMd5).Object)));

        Assert.Equal(["commit", "save", $"delete {NewLocation}"], _scenario.Effects);
        _scenario.Storage.Verify(s => s.DeleteTaskDataAsync(task.Id, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_refused_record_of_a_live_task_keeps_its_folder()
    {
        _scenario.GivenTask(SampleTasks.Uploading());
        _scenario.GivenSaveChunksFails(new Domain.Errors.TaskPaused(SampleTasks.FileId));

        await Assert.ThrowsAsync<Domain.Errors.TaskPaused>(() => _scenario.Send(Command(_scenario.Staged(OtherMd5).Object)));

        _scenario.Storage.Verify(s => s.DeleteTaskDataAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
