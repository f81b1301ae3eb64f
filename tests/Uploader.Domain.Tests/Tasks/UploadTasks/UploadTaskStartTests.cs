using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class UploadTaskStartTests
{
    private static readonly DateTime Now = UploadTaskBuilder.Started;

    [Fact]
    public void Start_records_the_target_and_layout_as_an_uploading_task()
    {
        var layout = FileLayout.Create(10, 3, 4);

        var task = UploadTask.Start("file-1", RelativeFilePath.Parse("docs/report.pdf"), layout, Now);

        Assert.Equal("file-1", task.FileId);
        Assert.Equal("report.pdf", task.FileName);
        Assert.Equal("docs/report.pdf", task.RelativePath);
        Assert.Equal(10, task.FileSize);
        Assert.Equal(3, task.TotalChunks);
        Assert.Equal(4, task.ChunkSize);
        Assert.Equal(layout, task.Layout);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
    }

    [Fact]
    public void Start_begins_with_no_chunks_no_result_and_version_zero()
    {
        var task = new UploadTaskBuilder().Build();

        Assert.Empty(task.Chunks);
        Assert.Equal(0, task.Version);
        Assert.Equal(0, task.RetryCount);
        Assert.Null(task.LastError);
        Assert.Null(task.FileMd5);
        Assert.Null(task.FinalPath);
        Assert.Equal(Now, task.CreatedAt);
        Assert.Equal(Now, task.UpdatedAt);
    }

    [Fact]
    public void Start_gives_every_task_its_own_time_ordered_id()
    {
        var first = new UploadTaskBuilder().Build();
        var second = new UploadTaskBuilder().Build();

        Assert.NotEqual(Guid.Empty, first.Id);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(7, first.Id.Version);
    }

    [Fact]
    public void Start_keeps_a_layout_without_chunk_size()
    {
        var task = new UploadTaskBuilder().WithLayout(10, 3, null).Build();

        Assert.Null(task.ChunkSize);
        Assert.Null(task.Layout.ChunkSize);
    }

    [Fact]
    public void Start_refuses_an_empty_file_id()
    {
        Assert.Throws<ArgumentException>(
            () => UploadTask.Start(string.Empty, RelativeFilePath.Parse("a.txt"), FileLayout.Create(1, 1, null), Now));
    }

    [Fact]
    public void Start_refuses_a_null_file_id()
    {
        Assert.Throws<ArgumentNullException>(
            () => UploadTask.Start(null!, RelativeFilePath.Parse("a.txt"), FileLayout.Create(1, 1, null), Now));
    }
}
