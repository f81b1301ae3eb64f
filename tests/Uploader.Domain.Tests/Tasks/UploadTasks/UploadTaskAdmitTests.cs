using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class UploadTaskAdmitTests
{
    private static readonly FileLayout TaskLayout = FileLayout.Create(10, 3, 4);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Accepts_every_index_of_an_uploading_task_with_the_same_layout(int index)
    {
        var task = new UploadTaskBuilder().Build();

        var error = Record.Exception(() => task.Admit(index, SizeOf(index), TaskLayout));

        Assert.Null(error);
    }

    [Fact]
    public void Accepts_a_request_that_does_not_declare_the_chunk_size()
    {
        var task = new UploadTaskBuilder().Build();

        var error = Record.Exception(() => task.Admit(0, SizeOf(0), FileLayout.Create(10, 3, null)));

        Assert.Null(error);
    }

    [Theory]
    [InlineData(UploadTaskStatus.Paused, typeof(TaskPaused))]
    [InlineData(UploadTaskStatus.Merging, typeof(MergeInProgress))]
    [InlineData(UploadTaskStatus.Completed, typeof(TaskCompleted))]
    [InlineData(UploadTaskStatus.Failed, typeof(InvalidTaskState))]
    public void Refuses_a_task_that_is_not_uploading(UploadTaskStatus status, Type expected)
    {
        var task = new UploadTaskBuilder().InStatus(status).Build();
        var before = TaskSnapshot.Of(task);

        var error = Record.Exception(() => task.Admit(0, SizeOf(0), TaskLayout));

        Assert.IsType(expected, error);
        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Theory]
    [InlineData(UploadTaskStatus.Paused, typeof(TaskPaused))]
    [InlineData(UploadTaskStatus.Merging, typeof(MergeInProgress))]
    [InlineData(UploadTaskStatus.Completed, typeof(TaskCompleted))]
    [InlineData(UploadTaskStatus.Failed, typeof(InvalidTaskState))]
    public void RefusalIn_names_the_error_of_a_status_that_is_not_uploading(UploadTaskStatus status, Type expected)
    {
        var error = UploadTask.RefusalIn(status, "file-1", "accept chunks");

        Assert.IsType(expected, error);
    }

    [Fact]
    public void RefusalIn_lets_an_uploading_task_through()
    {
        Assert.Null(UploadTask.RefusalIn(UploadTaskStatus.Uploading, "file-1", "accept chunks"));
    }

    [Fact]
    public void The_admission_names_the_task_index_and_size()
    {
        var task = new UploadTaskBuilder().Build();

        var admission = task.Admit(2, 2, TaskLayout);

        Assert.Equal((task.Id, 2, 2L), (admission.TaskId, admission.Index, admission.Size));
    }

    [Fact]
    public void An_admission_of_another_task_is_not_accepted()
    {
        var task = new UploadTaskBuilder().Build();
        var other = new UploadTaskBuilder().Build();
        var before = TaskSnapshot.Of(task);

        Assert.Throws<ArgumentException>(() => task.AcceptChunk(other.Admit(0, 4, TaskLayout), new string('a', 32), "loc", UploadTaskBuilder.Later));

        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Theory]
    [InlineData(10, 4, null, TaskField.TotalChunks)]
    [InlineData(11, 3, null, TaskField.FileSize)]
    [InlineData(12, 3, 4L, TaskField.FileSize)]
    [InlineData(11, 4, 3L, TaskField.TotalChunks)]
    public void Refuses_a_layout_that_differs_and_names_the_field(long fileSize, int totalChunks, long? chunkSize, TaskField field)
    {
        var task = new UploadTaskBuilder().Build();

        var error = Assert.Throws<TaskMismatch>(() => task.Admit(0, SizeOf(0), FileLayout.Create(fileSize, totalChunks, chunkSize)));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Refuses_a_different_chunk_size_for_the_same_file()
    {
        var task = new UploadTaskBuilder().WithLayout(100, 4, 25).Build();

        var error = Assert.Throws<TaskMismatch>(() => task.Admit(0, SizeOf(0), FileLayout.Create(100, 4, 26)));

        Assert.Equal(TaskField.ChunkSize, error.Field);
        Assert.Contains("26", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_chunk_size_when_the_task_has_none()
    {
        var task = new UploadTaskBuilder().WithLayout(100, 4, null).Build();

        var error = Assert.Throws<TaskMismatch>(() => task.Admit(0, SizeOf(0), FileLayout.Create(100, 4, 25)));

        Assert.Equal(TaskField.ChunkSize, error.Field);
        Assert.Contains("none", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public void Refuses_an_index_outside_the_task(int index)
    {
        var task = new UploadTaskBuilder().Build();

        Assert.Throws<ChunkIndexOutOfRange>(() => task.Admit(index, SizeOf(index), TaskLayout));
    }

    [Fact]
    public void Reports_the_status_before_the_layout()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Paused).Build();

        Assert.Throws<TaskPaused>(() => task.Admit(7, SizeOf(7), FileLayout.Create(99, 9, null)));
    }

    private static long SizeOf(int index) => TaskLayout.ExpectedSizeOf(index) ?? 4;
}
