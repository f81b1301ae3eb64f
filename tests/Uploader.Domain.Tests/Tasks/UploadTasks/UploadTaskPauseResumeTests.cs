using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class UploadTaskPauseResumeTests
{
    private static readonly DateTime Later = UploadTaskBuilder.Later;

    [Fact]
    public void Pause_stops_an_uploading_task()
    {
        var task = new UploadTaskBuilder().WithChunks(0).Build();

        task.Pause(Later);

        Assert.Equal(UploadTaskStatus.Paused, task.Status);
        Assert.Equal(1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
        Assert.Single(task.Chunks);
    }

    [Fact]
    public void Pause_of_a_paused_task_changes_nothing()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Paused).Build();
        var before = TaskSnapshot.Of(task);

        task.Pause(Later);

        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Theory]
    [InlineData(UploadTaskStatus.Merging, typeof(MergeInProgress))]
    [InlineData(UploadTaskStatus.Completed, typeof(TaskCompleted))]
    [InlineData(UploadTaskStatus.Failed, typeof(InvalidTaskState))]
    public void Pause_is_refused_once_the_upload_is_over(UploadTaskStatus status, Type expected)
    {
        var task = new UploadTaskBuilder().InStatus(status).Build();
        var before = TaskSnapshot.Of(task);

        var error = Record.Exception(() => task.Pause(Later));

        Assert.IsType(expected, error);
        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Fact]
    public void Resume_restarts_a_paused_task_without_counting_a_retry()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Paused).Build();
        var version = task.Version;

        task.Resume(Later);

        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
        Assert.Equal(0, task.RetryCount);
    }

    [Fact]
    public void Resume_of_an_uploading_task_changes_nothing()
    {
        var task = new UploadTaskBuilder().Build();
        var before = TaskSnapshot.Of(task);

        task.Resume(Later);

        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Fact]
    public void Resume_takes_a_failed_task_back_to_uploading_and_counts_a_retry()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Failed).Build();
        var retries = task.RetryCount;
        var version = task.Version;

        task.Resume(Later);

        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal(retries + 1, task.RetryCount);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
    }

    [Theory]
    [InlineData(UploadTaskStatus.Merging, typeof(MergeInProgress))]
    [InlineData(UploadTaskStatus.Completed, typeof(TaskCompleted))]
    public void Resume_is_refused_while_merging_or_once_completed(UploadTaskStatus status, Type expected)
    {
        var task = new UploadTaskBuilder().InStatus(status).Build();
        var before = TaskSnapshot.Of(task);

        var error = Record.Exception(() => task.Resume(Later));

        Assert.IsType(expected, error);
        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Fact]
    public void A_resumed_task_takes_chunks_again()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Paused).Build();

        task.Resume(Later);
        task.AcceptChunk(task.Admit(0, 4, task.Layout), UploadTaskBuilder.Md5Of(0), "loc-0", Later);

        Assert.NotNull(task.FindChunk(0));
    }
}
