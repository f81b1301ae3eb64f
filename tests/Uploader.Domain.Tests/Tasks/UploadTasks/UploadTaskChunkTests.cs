using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class UploadTaskChunkTests
{
    private const string NewMd5 = "0cc175b9c0f1b6a831c399e269772661";
    private static readonly DateTime Later = UploadTaskBuilder.Later;

    [Fact]
    public void A_new_chunk_is_recorded_as_uploaded_and_replaces_nothing()
    {
        var task = new UploadTaskBuilder().Build();

        var replaced = task.AcceptChunk(task.Admit(1, 4, task.Layout), NewMd5, "loc-1", Later);

        Assert.Null(replaced);
        var chunk = Assert.Single(task.Chunks);
        Assert.Same(chunk, task.FindChunk(1));
        Assert.Equal(1, chunk.Index);
        Assert.Equal(4, chunk.Size);
        Assert.Equal(NewMd5, chunk.Md5);
        Assert.Equal("loc-1", chunk.Location);
        Assert.Equal(ChunkStatus.Uploaded, chunk.Status);
        Assert.True(chunk.IsUsable);
        Assert.Equal(Later, chunk.UploadedAt);
        Assert.Equal(0, chunk.RetryCount);
    }

    [Fact]
    public void Recording_a_chunk_leaves_the_task_row_alone()
    {
        var task = new UploadTaskBuilder().Build();
        var version = task.Version;

        task.AcceptChunk(task.Admit(0, 4, task.Layout), NewMd5, "loc-0", Later);

        Assert.Equal(version, task.Version);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal(UploadTaskBuilder.Started, task.UpdatedAt);
    }

    [Fact]
    public void FindChunk_returns_null_for_an_index_not_stored()
    {
        var task = new UploadTaskBuilder().WithChunks(0).Build();

        Assert.Null(task.FindChunk(1));
    }

    [Fact]
    public void Sending_a_chunk_again_replaces_it_and_returns_the_old_location()
    {
        var task = new UploadTaskBuilder().WithChunks(1).Build();

        var replaced = task.AcceptChunk(task.Admit(1, 4, task.Layout), NewMd5, "loc-1-v2", Later);

        Assert.Equal(UploadTaskBuilder.LocationOf(1), replaced);
        var chunk = Assert.Single(task.Chunks);
        Assert.Equal(NewMd5, chunk.Md5);
        Assert.Equal("loc-1-v2", chunk.Location);
        Assert.Equal(Later, chunk.UploadedAt);
        Assert.Equal(1, chunk.RetryCount);
    }

    [Fact]
    public void Every_replacement_bumps_the_retry_count_and_hands_back_the_previous_version()
    {
        var task = new UploadTaskBuilder().WithChunks(0).Build();
        task.AcceptChunk(task.Admit(0, 4, task.Layout), NewMd5, "loc-0-v2", Later);

        var replaced = task.AcceptChunk(task.Admit(0, 4, task.Layout), NewMd5, "loc-0-v3", Later);

        Assert.Equal("loc-0-v2", replaced);
        Assert.Equal(2, task.FindChunk(0)!.RetryCount);
    }

    [Fact]
    public void Sending_a_corrupt_chunk_again_makes_it_usable()
    {
        var task = new UploadTaskBuilder().WithCorruptChunks(0).Build();

        task.AcceptChunk(task.Admit(0, 4, task.Layout), NewMd5, "loc-0-v2", Later);

        Assert.Equal(ChunkStatus.Uploaded, task.FindChunk(0)!.Status);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(2, 2)]
    public void With_a_chunk_size_each_chunk_must_have_its_expected_size(int index, long size)
    {
        var task = new UploadTaskBuilder().Build();

        task.AcceptChunk(task.Admit(index, size, task.Layout), NewMd5, "loc", Later);

        Assert.Equal(size, task.FindChunk(index)!.Size);
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 5)]
    [InlineData(2, 4)]
    [InlineData(2, 1)]
    public void With_a_chunk_size_a_chunk_of_another_size_is_refused(int index, long size)
    {
        var task = new UploadTaskBuilder().Build();

        Assert.Throws<SizeMismatch>(() => task.AcceptChunk(task.Admit(index, size, task.Layout), NewMd5, "loc", Later));
        Assert.Empty(task.Chunks);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void Without_a_chunk_size_any_non_empty_chunk_up_to_the_file_size_is_accepted(long size)
    {
        var task = new UploadTaskBuilder().WithLayout(10, 3, null).Build();

        task.AcceptChunk(task.Admit(0, size, task.Layout), NewMd5, "loc", Later);

        Assert.Equal(size, task.FindChunk(0)!.Size);
    }

    [Fact]
    public void A_chunk_bigger_than_the_whole_file_is_refused()
    {
        var task = new UploadTaskBuilder().WithLayout(10, 3, null).Build();

        Assert.Throws<SizeMismatch>(() => task.AcceptChunk(task.Admit(2, 11, task.Layout), NewMd5, "loc", Later));
        Assert.Empty(task.Chunks);
    }

    [Fact]
    public void An_empty_chunk_of_a_non_empty_file_is_refused()
    {
        var task = new UploadTaskBuilder().WithLayout(10, 3, null).Build();

        Assert.Throws<SizeMismatch>(() => task.AcceptChunk(task.Admit(0, 0, task.Layout), NewMd5, "loc", Later));
        Assert.Empty(task.Chunks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(8L)]
    public void The_single_chunk_of_an_empty_file_is_empty(long? chunkSize)
    {
        var task = new UploadTaskBuilder().WithLayout(0, 1, chunkSize).Build();

        task.AcceptChunk(task.Admit(0, 0, task.Layout), NewMd5, "loc", Later);

        Assert.Equal(0, task.FindChunk(0)!.Size);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void A_chunk_outside_the_task_is_refused(int index)
    {
        var task = new UploadTaskBuilder().Build();

        Assert.Throws<ChunkIndexOutOfRange>(() => task.AcceptChunk(task.Admit(index, 4, task.Layout), NewMd5, "loc", Later));
        Assert.Empty(task.Chunks);
    }

    [Theory]
    [InlineData(UploadTaskStatus.Paused, typeof(TaskPaused))]
    [InlineData(UploadTaskStatus.Merging, typeof(MergeInProgress))]
    [InlineData(UploadTaskStatus.Completed, typeof(TaskCompleted))]
    [InlineData(UploadTaskStatus.Failed, typeof(InvalidTaskState))]
    public void A_task_that_is_not_uploading_refuses_chunks_and_keeps_the_stored_ones(UploadTaskStatus status, Type expected)
    {
        var task = new UploadTaskBuilder().WithChunks(0).InStatus(status).Build();
        var before = TaskSnapshot.Of(task);

        var error = Record.Exception(() => task.AcceptChunk(task.Admit(0, 4, task.Layout), NewMd5, "loc-0-v2", Later));

        Assert.IsType(expected, error);
        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Fact]
    public void A_refused_replacement_leaves_the_stored_chunk_as_it_was()
    {
        var task = new UploadTaskBuilder().WithChunks(0).Build();
        var before = TaskSnapshot.Of(task);

        Assert.Throws<SizeMismatch>(() => task.AcceptChunk(task.Admit(0, 3, task.Layout), NewMd5, "loc-0-v2", Later));

        Assert.Equal(before, TaskSnapshot.Of(task));
    }
}
