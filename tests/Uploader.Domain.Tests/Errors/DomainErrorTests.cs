using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

/// <summary>The errors carry what a client needs to act: the field, the indexes, both checksums.</summary>
public class DomainErrorTests
{
    [Fact]
    public void TaskMismatch_names_the_field_and_both_values()
    {
        var error = new TaskMismatch(TaskField.TotalChunks, "3", "4");

        Assert.Equal(TaskField.TotalChunks, error.Field);
        Assert.Equal("3", error.TaskValue);
        Assert.Equal("4", error.RequestValue);
        Assert.Equal("the chunk count is 4 but the task has 3.", error.Message);
    }

    [Fact]
    public void InvalidTaskState_names_the_status_in_lower_case_and_the_action()
    {
        var error = new InvalidTaskState("file-1", UploadTaskStatus.Failed, "accept chunks");

        Assert.Equal("Task 'file-1' is failed and cannot accept chunks.", error.Message);
    }

    [Fact]
    public void A_refused_transition_reports_the_action_that_was_refused()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Failed).Build();

        var error = Assert.Throws<InvalidTaskState>(() => task.Pause(UploadTaskBuilder.Later));

        Assert.Contains("cannot be paused", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StatusErrors))]
    public void Status_errors_name_the_task(DomainException error)
    {
        Assert.Contains("'file-7'", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<DomainException> StatusErrors =>
        [new TaskPaused("file-7"), new TaskCompleted("file-7"), new MergeInProgress("file-7")];

    [Fact]
    public void ChecksumMismatch_keeps_both_checksums()
    {
        var error = new ChecksumMismatch("the chunk", "aaa", "bbb");

        Assert.Equal("aaa", error.Expected);
        Assert.Equal("bbb", error.Actual);
        Assert.Equal("md5 of the chunk is bbb, expected aaa.", error.Message);
    }

    [Fact]
    public void ChunksMissing_lists_the_indexes_and_counts_them()
    {
        var error = new ChunksMissing([0, 4]);

        Assert.Equal([0, 4], error.Missing);
        Assert.StartsWith("2 chunk(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptChunks_lists_the_indexes_and_counts_them()
    {
        var error = new CorruptChunks([3]);

        Assert.Equal([3], error.Corrupt);
        Assert.StartsWith("1 stored chunk(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkIndexOutOfRange_states_the_valid_range()
    {
        var task = new UploadTaskBuilder().Build();

        var error = Assert.Throws<ChunkIndexOutOfRange>(() => task.Admit(3, 4, task.Layout));

        Assert.Equal(3, error.Index);
        Assert.Equal(3, error.TotalChunks);
        Assert.Equal("Chunk 3 is outside 0..2.", error.Message);
    }

    [Fact]
    public void InvalidPath_names_the_field_and_the_reason()
    {
        var error = new InvalidPath(PathField.RelativePath, "it is absolute");

        Assert.Equal(PathField.RelativePath, error.Field);
        Assert.Equal("it is absolute", error.Reason);
        Assert.Equal("The relative path is not a safe relative path: it is absolute.", error.Message);
    }

    [Fact]
    public void SizeMismatch_and_InvalidFileLayout_keep_their_message()
    {
        Assert.Equal("too big", new SizeMismatch("too big").Message);
        Assert.Equal("bad layout", new InvalidFileLayout(FileLayoutRule.NoChunks, "bad layout").Message);
    }
}
