using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class UploadTaskForgetChunksTests
{
    private static readonly DateTime Later = UploadTaskBuilder.Later;

    [Fact]
    public void Chunks_whose_location_is_not_stored_are_forgotten_and_reported()
    {
        var task = new UploadTaskBuilder().WithAllChunks().Build();
        var version = task.Version;

        var lost = task.ForgetChunksNotIn(new HashSet<string> { UploadTaskBuilder.LocationOf(1) }, Later);

        Assert.Equal([0, 2], lost);
        Assert.Equal(1, Assert.Single(task.Chunks).Index);
        Assert.Equal(version + 1, task.Version);
        Assert.Equal(Later, task.UpdatedAt);
    }

    [Fact]
    public void Nothing_changes_when_every_chunk_is_stored()
    {
        var task = new UploadTaskBuilder().WithChunks(0, 2).Build();
        var before = TaskSnapshot.Of(task);
        var stored = new HashSet<string> { UploadTaskBuilder.LocationOf(0), UploadTaskBuilder.LocationOf(2), "stray" };

        Assert.Empty(task.ForgetChunksNotIn(stored, Later));

        Assert.Equal(before, TaskSnapshot.Of(task));
        Assert.Equal(2, task.Chunks.Count);
    }

    [Fact]
    public void A_completed_task_keeps_its_records_although_its_chunk_data_is_gone()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Completed).Build();
        var before = TaskSnapshot.Of(task);

        Assert.Empty(task.ForgetChunksNotIn(new HashSet<string>(), Later));

        Assert.Equal(before, TaskSnapshot.Of(task));
        Assert.Equal(3, task.Chunks.Count);
    }
}
