using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

/// <summary>What a merge request declares: its chunk count must match the task's; its name, if any, becomes the task's.</summary>
public class UploadTaskMergeRequestTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void A_request_that_declares_no_count_or_the_same_one_agrees(int? totalChunks)
    {
        var task = new UploadTaskBuilder().Build();

        var error = Record.Exception(() => task.EnsureMergeRequestAgrees(totalChunks));

        Assert.Null(error);
    }

    [Fact]
    public void Another_chunk_count_is_refused_naming_the_field()
    {
        var task = new UploadTaskBuilder().Build();

        var error = Assert.Throws<TaskMismatch>(() => task.EnsureMergeRequestAgrees(4));

        Assert.Equal(TaskField.TotalChunks, error.Field);
    }

    [Fact]
    public void A_name_given_at_merge_replaces_the_one_the_first_chunk_gave()
    {
        var task = new UploadTaskBuilder().WithAllChunks().Build();

        task.BeginMerge(DateTime.UtcNow, RelativeFilePath.Parse("scans/2026/page.pdf"));

        Assert.Equal(("scans/2026/page.pdf", "page.pdf"), (task.RelativePath, task.FileName));
        Assert.Equal(UploadTaskStatus.Merging, task.Status);
    }

    [Fact]
    public void A_merge_that_names_nothing_keeps_the_name()
    {
        var task = new UploadTaskBuilder().WithAllChunks().Build();
        var before = (task.RelativePath, task.FileName);

        task.BeginMerge(DateTime.UtcNow);

        Assert.Equal(before, (task.RelativePath, task.FileName));
    }

    [Fact]
    public void A_refused_merge_keeps_the_name()
    {
        var task = new UploadTaskBuilder().Build();
        var before = (task.RelativePath, task.FileName);

        Assert.Throws<ChunksMissing>(() => task.BeginMerge(DateTime.UtcNow, RelativeFilePath.Parse("other.pdf")));

        Assert.Equal(before, (task.RelativePath, task.FileName));
    }

    [Theory]
    [InlineData("docs/report.pdf", "final.pdf", "docs/final.pdf")]
    [InlineData("report.pdf", "final.pdf", "final.pdf")]
    public void With_file_name_keeps_the_folder(string path, string name, string expected) =>
        Assert.Equal(expected, RelativeFilePath.Parse(path).WithFileName(RelativeFilePath.ParseFileName(name)).Value);
}
