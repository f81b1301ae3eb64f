using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class UploadTaskBeginMergeTests
{
    private static readonly DateTime Later = UploadTaskBuilder.Later;

    public static TheoryData<int[], int[]> StoredAndMissing => new()
    {
        { [], [0, 1, 2] },
        { [1], [0, 2] },
        { [0, 2], [1] },
        { [0, 1], [2] },
    };

    [Fact]
    public void A_task_with_every_chunk_stored_starts_merging()
    {
        var task = new UploadTaskBuilder().WithAllChunks().Build();

        task.BeginMerge(Later);

        Assert.Equal(UploadTaskStatus.Merging, task.Status);
        Assert.Equal(1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
    }

    [Fact]
    public void An_empty_file_merges_from_its_single_empty_chunk()
    {
        var task = new UploadTaskBuilder().WithLayout(0, 1, null).WithChunks(0).Build();

        task.BeginMerge(Later);

        Assert.Equal(UploadTaskStatus.Merging, task.Status);
    }

    [Theory]
    [MemberData(nameof(StoredAndMissing))]
    public void Missing_chunks_are_listed_exactly(int[] stored, int[] missing)
    {
        var task = new UploadTaskBuilder().WithChunks(stored).Build();
        var before = TaskSnapshot.Of(task);

        var error = Assert.Throws<ChunksMissing>(() => task.BeginMerge(Later));

        Assert.Equal(missing, error.Missing);
        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Fact]
    public void Corrupt_chunks_count_as_missing()
    {
        var task = new UploadTaskBuilder().WithCorruptChunks(0, 2).Build();
        var before = TaskSnapshot.Of(task);

        var error = Assert.Throws<ChunksMissing>(() => task.BeginMerge(Later));

        Assert.Equal([0, 2], error.Missing);
        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Fact]
    public void Chunks_that_do_not_add_up_to_the_file_size_are_refused()
    {
        var task = new UploadTaskBuilder().WithLayout(10, 3, null).Build();
        foreach (var index in new[] { 0, 1, 2 })
        {
            task.AcceptChunk(task.Admit(index, 4, task.Layout), UploadTaskBuilder.Md5Of(index), $"loc-{index}", Later);
        }

        var before = TaskSnapshot.Of(task);

        Assert.Throws<SizeMismatch>(() => task.BeginMerge(Later));
        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Theory]
    [InlineData(UploadTaskStatus.Paused, typeof(TaskPaused))]
    [InlineData(UploadTaskStatus.Merging, typeof(MergeInProgress))]
    [InlineData(UploadTaskStatus.Completed, typeof(TaskCompleted))]
    [InlineData(UploadTaskStatus.Failed, typeof(InvalidTaskState))]
    public void Only_an_uploading_task_can_start_a_merge(UploadTaskStatus status, Type expected)
    {
        var task = new UploadTaskBuilder().WithAllChunks().InStatus(status).Build();
        var before = TaskSnapshot.Of(task);

        var error = Record.Exception(() => task.BeginMerge(Later));

        Assert.IsType(expected, error);
        Assert.Equal(before, TaskSnapshot.Of(task));
    }
}
