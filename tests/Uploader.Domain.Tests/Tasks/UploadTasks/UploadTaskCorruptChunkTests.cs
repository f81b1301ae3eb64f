using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class UploadTaskCorruptChunkTests
{
    private static readonly DateTime Later = UploadTaskBuilder.Later;

    [Fact]
    public void Only_the_listed_chunks_become_corrupt()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Merging).Build();

        task.MarkChunksCorrupt([0, 2], Later);

        Assert.Equal(ChunkStatus.Corrupt, task.FindChunk(0)!.Status);
        Assert.Equal(ChunkStatus.Uploaded, task.FindChunk(1)!.Status);
        Assert.Equal(ChunkStatus.Corrupt, task.FindChunk(2)!.Status);
    }

    [Fact]
    public void Marking_keeps_the_chunk_record_for_the_client_to_replace()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Merging).Build();

        task.MarkChunksCorrupt([1], Later);

        var chunk = task.FindChunk(1)!;
        Assert.Equal(UploadTaskBuilder.LocationOf(1), chunk.Location);
        Assert.Equal(UploadTaskBuilder.Md5Of(1), chunk.Md5);
        Assert.Equal(3, task.Chunks.Count);
    }

    [Fact]
    public void Marking_changes_the_task_version_and_time_but_not_its_status()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Merging).Build();
        var version = task.Version;

        task.MarkChunksCorrupt([1], Later);

        Assert.Equal(UploadTaskStatus.Merging, task.Status);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
    }

    [Fact]
    public void Indexes_that_are_not_loaded_are_ignored()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Merging).Build();

        task.MarkChunksCorrupt([7], Later);

        Assert.All(task.Chunks, chunk => Assert.Equal(ChunkStatus.Uploaded, chunk.Status));
    }

    [Theory]
    [InlineData(UploadTaskStatus.Uploading)]
    [InlineData(UploadTaskStatus.Paused)]
    [InlineData(UploadTaskStatus.Completed)]
    public void Only_a_merge_marks_chunks_corrupt(UploadTaskStatus status)
    {
        var task = new UploadTaskBuilder().WithAllChunks().InStatus(status).Build();
        var before = TaskSnapshot.Of(task);

        Assert.Throws<InvalidTaskState>(() => task.MarkChunksCorrupt([0], Later));

        Assert.Equal(before, TaskSnapshot.Of(task));
        Assert.Equal(ChunkStatus.Uploaded, task.FindChunk(0)!.Status);
    }
}
