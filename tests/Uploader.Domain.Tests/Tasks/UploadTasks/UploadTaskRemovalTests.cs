using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class UploadTaskRemovalTests
{
    [Theory]
    [InlineData(UploadTaskStatus.Uploading)]
    [InlineData(UploadTaskStatus.Paused)]
    [InlineData(UploadTaskStatus.Completed)]
    [InlineData(UploadTaskStatus.Failed)]
    public void A_task_no_merge_has_claimed_may_be_removed(UploadTaskStatus status)
    {
        var task = new UploadTaskBuilder().InStatus(status).Build();
        var before = TaskSnapshot.Of(task);

        task.EnsureRemovable();

        Assert.Equal(before, TaskSnapshot.Of(task));
    }

    [Fact]
    public void A_task_being_merged_may_not_be_removed()
    {
        var task = new UploadTaskBuilder().InStatus(UploadTaskStatus.Merging).Build();

        var error = Assert.Throws<MergeInProgress>(task.EnsureRemovable);

        Assert.Contains("file-1", error.Message, StringComparison.Ordinal);
    }
}
