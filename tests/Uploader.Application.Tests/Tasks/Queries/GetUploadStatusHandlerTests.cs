using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Queries.GetUploadStatus;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class GetUploadStatusHandlerTests
{
    private readonly Mock<IUploadTaskReader> _reader = new();

    [Fact]
    public async Task The_status_is_the_readers_view()
    {
        var view = new UploadStatusView(
            SampleTasks.FileId, UploadTaskStatus.Uploading, [0, 2], SampleTasks.TotalChunks, SampleTasks.FileSize, 6,
            SampleTasks.Created, SampleTasks.Created, null, null, null, null);
        _reader.Setup(r => r.GetStatusAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(view);

        var status = await Query();

        Assert.Equal(view, status);
        Assert.Equal(66.67, status.CompletionRate);
    }

    [Fact]
    public async Task A_merge_target_recorded_before_the_file_is_published_is_not_shown()
    {
        var view = new UploadStatusView(
            SampleTasks.FileId, UploadTaskStatus.Merging, [0, 1, 2], SampleTasks.TotalChunks, SampleTasks.FileSize, 10,
            SampleTasks.Created, SampleTasks.Created, SampleTasks.MergedMd5, "docs/report.pdf", null, 1024);
        _reader.Setup(r => r.GetStatusAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(view);

        var status = await Query();

        Assert.Null(status.Md5);
        Assert.Null(status.FilePath);
        Assert.Null(status.MergedFile);
    }

    [Fact]
    public async Task An_unknown_file_id_is_reported()
    {
        var error = await Assert.ThrowsAsync<TaskNotFound>(Query);

        Assert.Contains(SampleTasks.FileId, error.Message, StringComparison.Ordinal);
    }

    private Task<UploadStatusView> Query() =>
        new GetUploadStatusHandler(_reader.Object, Mock.Of<IChunkStorage>(MockBehavior.Strict))
            .Handle(new GetUploadStatusQuery(SampleTasks.FileId), CancellationToken.None)
            .AsTask();
}
