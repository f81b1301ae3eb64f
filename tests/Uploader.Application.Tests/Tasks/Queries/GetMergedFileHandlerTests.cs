using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Queries.GetMergedFile;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class GetMergedFileHandlerTests
{
    private const string StoredPath = "docs/report (1).pdf";
    private const string Identity = "42:10:1.000000000";

    private readonly Mock<IUploadTaskReader> _reader = new();
    private readonly Mock<IChunkStorage> _storage = new(MockBehavior.Strict);
    private readonly Mock<IMergedFileLinks> _links = new(MockBehavior.Strict);

    public GetMergedFileHandlerTests() => _links.Setup(l => l.Enabled).Returns(false);

    [Fact]
    public async Task With_links_on_a_present_file_is_answered_with_a_link_under_the_tasks_own_name_and_never_opened()
    {
        var link = new Uri("https://store.example/bucket/merged/docs/report%20(1).pdf?X-Amz-Signature=abc");
        Given(UploadTaskStatus.Completed);
        _links.Setup(l => l.Enabled).Returns(true);
        _storage.Setup(s => s.InspectMergedFileAsync(StoredPath, SampleTasks.FileSize, Identity, It.IsAny<CancellationToken>()))
            .ReturnsAsync(MergedFileState.Present);
        _links.Setup(l => l.LinkAsync(StoredPath, "report.pdf", It.IsAny<CancellationToken>())).ReturnsAsync(link);

        var download = await Query();

        Assert.Equal(new MergedFileDownload("report.pdf", SampleTasks.FileSize, SampleTasks.MergedMd5, null, link), download);
    }

    [Theory]
    [InlineData(MergedFileState.Missing)]
    [InlineData(MergedFileState.Replaced)]
    public async Task With_links_on_a_file_no_longer_the_tasks_is_gone_and_no_link_is_made(MergedFileState state)
    {
        Given(UploadTaskStatus.Completed);
        _links.Setup(l => l.Enabled).Returns(true);
        _storage.Setup(s => s.InspectMergedFileAsync(StoredPath, SampleTasks.FileSize, Identity, It.IsAny<CancellationToken>()))
            .ReturnsAsync(state);

        var gone = await Assert.ThrowsAsync<FileGone>(Query);

        Assert.Contains(SampleTasks.FileId, gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_completed_task_whose_file_is_present_is_opened_under_the_tasks_own_name()
    {
        using var content = new MemoryStream(new byte[SampleTasks.FileSize]);
        Given(UploadTaskStatus.Completed);
        _storage.Setup(s => s.OpenMergedFileAsync(StoredPath, SampleTasks.FileSize, Identity, It.IsAny<CancellationToken>()))
            .ReturnsAsync(MergedFileOpening.Opened(content));

        var download = await Query();

        Assert.Equal(new MergedFileDownload("report.pdf", SampleTasks.FileSize, SampleTasks.MergedMd5, content), download);
    }

    [Theory]
    [InlineData(MergedFileState.Missing, "no longer in the merged folder")]
    [InlineData(MergedFileState.Replaced, "another file is there now")]
    public async Task A_file_the_storage_no_longer_holds_for_the_task_is_gone(MergedFileState state, string why)
    {
        Given(UploadTaskStatus.Completed);
        _storage.Setup(s => s.OpenMergedFileAsync(StoredPath, SampleTasks.FileSize, Identity, It.IsAny<CancellationToken>()))
            .ReturnsAsync(MergedFileOpening.None(state));

        var error = await Assert.ThrowsAsync<FileGone>(Query);

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains(StoredPath, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UploadTaskStatus.Uploading)]
    [InlineData(UploadTaskStatus.Merging)]
    [InlineData(UploadTaskStatus.Paused)]
    [InlineData(UploadTaskStatus.Failed)]
    public async Task A_task_that_is_not_completed_has_no_file_to_download_and_storage_is_not_asked(UploadTaskStatus status)
    {
        Given(status);

        var error = await Assert.ThrowsAsync<InvalidTaskState>(Query);

        Assert.Contains(status.ToString().ToLowerInvariant(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_file_id_is_reported()
    {
        var error = await Assert.ThrowsAsync<TaskNotFound>(Query);

        Assert.Contains(SampleTasks.FileId, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The reader's row for the task; a task merging has its target recorded already, as the domain does.</summary>
    private void Given(UploadTaskStatus status)
    {
        var merged = status is UploadTaskStatus.Completed or UploadTaskStatus.Merging;
        _reader.Setup(r => r.GetMergedFileAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(new MergedFileView(
            SampleTasks.FileId, status, "report.pdf", SampleTasks.FileSize, merged ? SampleTasks.MergedMd5 : null,
            merged ? StoredPath : null, merged ? Identity : null));
    }

    private Task<MergedFileDownload> Query() =>
        new GetMergedFileHandler(_reader.Object, _storage.Object, _links.Object)
            .Handle(new GetMergedFileQuery(SampleTasks.FileId), CancellationToken.None)
            .AsTask();
}
