using Uploader.Application.Errors;
using Uploader.Application.Tasks.Commands.ResumeTask;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class ResumeTaskHandlerTests
{
    private readonly TaskStateChangeScenario _scenario = new();

    [Fact]
    public async Task An_unknown_file_id_is_reported()
    {
        await Assert.ThrowsAsync<TaskNotFound>(Resume);

        Assert.Empty(_scenario.Saved);
    }

    [Fact]
    public async Task A_paused_task_is_resumed_saved_and_summarised()
    {
        _scenario.GivenTask(SampleTasks.Paused);

        var summary = await Resume();

        var saved = Assert.Single(_scenario.Saved);
        Assert.Equal(UploadTaskStatus.Uploading, saved.Status);
        Assert.Equal(_scenario.Clock.GetUtcNow().UtcDateTime, saved.UpdatedAt);
        Assert.Same(_scenario.Summary, summary);
    }

    [Fact]
    public async Task A_failed_task_is_resumed_as_a_retry()
    {
        _scenario.GivenTask(SampleTasks.Failed);

        await Resume();

        var saved = Assert.Single(_scenario.Saved);
        Assert.Equal(UploadTaskStatus.Uploading, saved.Status);
        Assert.Equal(1, saved.RetryCount);
    }

    [Fact]
    public async Task An_uploading_task_is_not_saved_again()
    {
        _scenario.GivenTask(() => SampleTasks.Uploading());

        var summary = await Resume();

        Assert.Empty(_scenario.Saved);
        Assert.Same(_scenario.Summary, summary);
    }

    [Theory]
    [InlineData(UploadTaskStatus.Merging, typeof(MergeInProgress))]
    [InlineData(UploadTaskStatus.Completed, typeof(TaskCompleted))]
    public async Task A_merging_or_completed_task_cannot_be_resumed(UploadTaskStatus status, Type expected)
    {
        _scenario.GivenTask(status == UploadTaskStatus.Merging ? SampleTasks.Merging : () => SampleTasks.Completed());

        var error = await Record.ExceptionAsync(Resume);

        Assert.IsType(expected, error);
        Assert.Empty(_scenario.Saved);
    }

    private Task<TaskSummaryView> Resume() =>
        new ResumeTaskHandler(_scenario.Tasks.Object, _scenario.Folders.Object, _scenario.Reader.Object, _scenario.Clock)
            .Handle(new ResumeTaskCommand(SampleTasks.FileId), CancellationToken.None)
            .AsTask();
}
