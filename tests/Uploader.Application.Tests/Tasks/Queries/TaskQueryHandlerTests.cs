using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Queries.GetTaskDetail;
using Uploader.Application.Tasks.Queries.ListTasks;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class TaskQueryHandlerTests
{
    private static readonly TaskSummaryView Summary = new(
        SampleTasks.FileId, "report.pdf", SampleTasks.RelativePath, UploadTaskStatus.Uploading,
        SampleTasks.TotalChunks, 1, SampleTasks.FileSize, 4, SampleTasks.Created, SampleTasks.Created, 0, null);

    private readonly Mock<IUploadTaskReader> _reader = new();

    [Fact]
    public async Task A_list_without_paging_asks_for_the_first_page_of_fifty()
    {
        _reader.Setup(r => r.ListAsync(null, null, 1, 50, It.IsAny<CancellationToken>())).ReturnsAsync(new TaskPageView([Summary], 7));

        var result = await new ListTasksHandler(_reader.Object).Handle(new ListTasksQuery(null, null, null), CancellationToken.None);

        Assert.Same(Summary, Assert.Single(result.Tasks));
        Assert.Equal((7, 1, 50), (result.Total, result.Page, result.PageSize));
    }

    [Fact]
    public async Task A_list_passes_the_status_and_paging_it_was_given()
    {
        _reader.Setup(r => r.ListAsync(UploadTaskStatus.Paused, null, 3, 20, It.IsAny<CancellationToken>())).ReturnsAsync(new TaskPageView([], 41));

        var result = await new ListTasksHandler(_reader.Object).Handle(new ListTasksQuery("paused", 3, 20), CancellationToken.None);

        Assert.Empty(result.Tasks);
        Assert.Equal((41, 3, 20), (result.Total, result.Page, result.PageSize));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(" \t ", null)]
    [InlineData("  Report 1 ", "Report 1")]
    public async Task A_list_passes_the_search_trimmed_and_no_search_for_a_blank_one(string? search, string? expected)
    {
        _reader.Setup(r => r.ListAsync(null, expected, 1, 50, It.IsAny<CancellationToken>())).ReturnsAsync(new TaskPageView([Summary], 1));

        var result = await new ListTasksHandler(_reader.Object).Handle(new ListTasksQuery(null, null, null, search), CancellationToken.None);

        Assert.Same(Summary, Assert.Single(result.Tasks));
    }

    [Fact]
    public async Task The_detail_is_the_readers_view()
    {
        var detail = new TaskDetailView(Summary, [0], [], null, null, "corrupt chunk", null, null);
        _reader.Setup(r => r.GetDetailAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(detail);

        var result = await new GetTaskDetailHandler(_reader.Object, Mock.Of<IChunkStorage>(MockBehavior.Strict)).Handle(new GetTaskDetailQuery(SampleTasks.FileId), CancellationToken.None);

        Assert.Equal(detail, result);
    }

    [Fact]
    public async Task The_detail_of_a_task_not_completed_shows_no_merge_target()
    {
        var detail = new TaskDetailView(Summary, [0], [], SampleTasks.MergedMd5, "docs/report.pdf", null, null, null);
        _reader.Setup(r => r.GetDetailAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(detail);

        var result = await new GetTaskDetailHandler(_reader.Object, Mock.Of<IChunkStorage>(MockBehavior.Strict)).Handle(new GetTaskDetailQuery(SampleTasks.FileId), CancellationToken.None);

        Assert.Null(result.Md5);
        Assert.Null(result.FilePath);
    }

    [Fact]
    public async Task The_detail_of_an_unknown_task_is_not_found()
    {
        await Assert.ThrowsAsync<TaskNotFound>(
            () => new GetTaskDetailHandler(_reader.Object, Mock.Of<IChunkStorage>(MockBehavior.Strict)).Handle(new GetTaskDetailQuery("nope"), CancellationToken.None).AsTask());
    }
}
