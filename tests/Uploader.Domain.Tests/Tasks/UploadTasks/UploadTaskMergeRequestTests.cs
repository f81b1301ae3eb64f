using Uploader.Domain.Errors;

namespace Uploader.Domain.Tests;

/// <summary>EnsureMergeRequestAgrees: what a merge request declares must match the task.</summary>
public class UploadTaskMergeRequestTests
{
    [Theory]
    [InlineData(null, null, null)]
    [InlineData("", "", null)]
    [InlineData("report.pdf", "docs/report.pdf", 3)]
    [InlineData(null, "docs/report.pdf", null)]
    [InlineData("report.pdf", null, null)]
    public void A_request_that_declares_nothing_or_the_same_values_agrees(string? fileName, string? relativePath, int? totalChunks)
    {
        var task = new UploadTaskBuilder().Build();

        var error = Record.Exception(() => task.EnsureMergeRequestAgrees(fileName, relativePath, totalChunks));

        Assert.Null(error);
    }

    [Theory]
    [InlineData(null, null, 4, TaskField.TotalChunks)]
    [InlineData("other.pdf", null, null, TaskField.FileName)]
    [InlineData("Report.pdf", null, null, TaskField.FileName)]
    [InlineData(null, "docs/other.pdf", null, TaskField.RelativePath)]
    [InlineData(null, "report.pdf", null, TaskField.RelativePath)]
    [InlineData("other.pdf", "other/x.pdf", 9, TaskField.TotalChunks)]
    public void A_request_that_disagrees_is_refused_naming_the_field(
        string? fileName, string? relativePath, int? totalChunks, TaskField field)
    {
        var task = new UploadTaskBuilder().Build();

        var error = Assert.Throws<TaskMismatch>(() => task.EnsureMergeRequestAgrees(fileName, relativePath, totalChunks));

        Assert.Equal(field, error.Field);
    }
}
