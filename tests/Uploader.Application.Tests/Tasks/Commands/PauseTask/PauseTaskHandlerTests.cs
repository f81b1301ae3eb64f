using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Tasks.Commands.PauseTask;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class PauseTaskHandlerTests
{
    private readonly TaskStateChangeScenario _scenario = new();

    [Fact]
    public async Task An_unknown_file_id_is_reported()
    {
        await Assert.ThrowsAsync<TaskNotFound>(Pause);

        Assert.Empty(_scenario.Saved);
    }

    [Fact]
    public async Task An_uploading_task_is_paused_saved_and_summarised()
    {
        _scenario.GivenTask(() => SampleTasks.Uploading(0));

        var summary = await Pause();

        var saved = Assert.Single(_scenario.Saved);
        Assert.Equal(UploadTaskStatus.Paused, saved.Status);
        Assert.Equal(_scenario.Clock.GetUtcNow().UtcDateTime, saved.UpdatedAt);
        Assert.Same(_scenario.Summary, summary);
    }

    [Fact]
    public async Task A_paused_task_is_not_saved_again()
    {
        _scenario.GivenTask(SampleTasks.Paused);

        var summary = await Pause();

        Assert.Empty(_scenario.Saved);
        Assert.Same(_scenario.Summary, summary);
    }

    [Theory]
    [InlineData(UploadTaskStatus.Merging, typeof(MergeInProgress))]
    [InlineData(UploadTaskStatus.Completed, typeof(TaskCompleted))]
    [InlineData(UploadTaskStatus.Failed, typeof(InvalidTaskState))]
    public async Task A_task_past_uploading_cannot_be_paused(UploadTaskStatus status, Type expected)
    {
        _scenario.GivenTask(status switch
        {
            UploadTaskStatus.Merging => SampleTasks.Merging,
            UploadTaskStatus.Completed => () => SampleTasks.Completed(),
            _ => SampleTasks.Failed,
        });

        var error = await Record.ExceptionAsync(Pause);

        Assert.IsType(expected, error);
        Assert.Empty(_scenario.Saved);
    }

    [Fact]
    public async Task A_concurrent_change_reloads_the_task_and_applies_the_pause_again()
    {
        _scenario.GivenTask(() => SampleTasks.Uploading());
        _scenario.GivenSaveFails(new ConcurrentChange(SampleTasks.FileId));

        await Pause();

        Assert.Equal(2, _scenario.Saved.Count);
        Assert.NotSame(_scenario.Saved[0], _scenario.Saved[1]);
        Assert.All(_scenario.Saved, task => Assert.Equal(UploadTaskStatus.Paused, task.Status));
        _scenario.Tasks.Verify(t => t.FindAsync(SampleTasks.FileId, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Three_concurrent_changes_in_a_row_are_reported()
    {
        _scenario.GivenTask(() => SampleTasks.Uploading());
        var change = new ConcurrentChange(SampleTasks.FileId);
        _scenario.GivenSaveFails(change, change, change);

        await Assert.ThrowsAsync<ConcurrentChange>(Pause);

        Assert.Equal(3, _scenario.Saved.Count);
    }

    [Fact]
    public async Task A_task_whose_summary_disappeared_is_reported_as_not_found()
    {
        _scenario.GivenTask(() => SampleTasks.Uploading());
        _scenario.Reader.Setup(r => r.GetSummaryAsync(SampleTasks.FileId, It.IsAny<CancellationToken>()))
            .ReturnsAsync((TaskSummaryView?)null);

        await Assert.ThrowsAsync<TaskNotFound>(Pause);
    }

    private Task<TaskSummaryView> Pause() =>
        new PauseTaskHandler(_scenario.Tasks.Object, _scenario.Folders.Object, _scenario.Reader.Object, _scenario.Clock)
            .Handle(new PauseTaskCommand(SampleTasks.FileId), CancellationToken.None)
            .AsTask();
}
