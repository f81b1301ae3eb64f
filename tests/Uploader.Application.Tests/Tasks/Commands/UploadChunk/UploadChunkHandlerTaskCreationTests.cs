using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;
using static Uploader.Application.Tests.UploadChunkScenario;

namespace Uploader.Application.Tests;

/// <summary>The first chunk of an unknown file_id creates its task, within the policy's limits.</summary>
public class UploadChunkHandlerTaskCreationTests
{
    private const string Md5 = "0cc175b9c0f1b6a831c399e269772661";

    private readonly UploadChunkScenario _scenario = new();
    private readonly IStagedChunk _chunk;

    public UploadChunkHandlerTaskCreationTests()
    {
        _scenario.GivenNoTask();
        _chunk = _scenario.Staged(Md5).Object;
    }

    private UploadTask? Created { get; set; }

    [Fact]
    public async Task The_first_chunk_creates_the_task_and_records_itself_on_it()
    {
        CaptureCreatedTask();

        var result = await _scenario.Send(Command(_chunk));

        Assert.NotNull(Created);
        Assert.Equal(SampleTasks.FileId, Created.FileId);
        Assert.Equal(SampleTasks.RelativePath, Created.RelativePath);
        Assert.Equal("report.pdf", Created.FileName);
        Assert.Equal(FileLayout.Create(10, 3, 4), Created.Layout);
        Assert.Equal(_scenario.Clock.GetUtcNow().UtcDateTime, Created.CreatedAt);
        Assert.Equal(NewLocation, Created.FindChunk(0)!.Location);
        Assert.Equal(["commit", "save"], _scenario.Effects);
        _scenario.Tasks.Verify(t => t.SaveChunksAsync(Created, It.IsAny<CancellationToken>()));
        Assert.Equal(SampleTasks.RelativePath, result.RelativePath);
    }

    [Fact]
    public async Task When_another_request_created_the_task_first_that_task_is_loaded_and_used()
    {
        var existing = SampleTasks.Uploading(1);
        _scenario.GivenLoads(existing);
        _scenario.Tasks.Setup(t => t.AddOrGetAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SampleTasks.Uploading());

        await _scenario.Send(Command(_chunk));

        Assert.Equal(NewLocation, existing.FindChunk(0)!.Location);
        _scenario.Tasks.Verify(t => t.SaveChunksAsync(existing, It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task When_the_task_created_by_another_request_cannot_be_loaded_the_change_is_reported()
    {
        _scenario.Tasks.Setup(t => t.AddOrGetAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(SampleTasks.Uploading());

        await Assert.ThrowsAsync<ConcurrentChange>(() => _scenario.Send(Command(_chunk)));

        Assert.Empty(_scenario.Effects);
    }

    [Theory]
    [InlineData("a/b.txt", "given.txt", "part.txt", "a/b.txt")]
    [InlineData(null, "given.txt", "part.txt", "given.txt")]
    [InlineData("", "given.txt", "part.txt", "given.txt")]
    [InlineData(null, null, "part.txt", "part.txt")]
    [InlineData(null, "", "part.txt", "part.txt")]
    public async Task The_target_is_the_relative_path_else_the_filename_else_the_part_name(
        string? relativePath, string? fileName, string? partFileName, string expected)
    {
        CaptureCreatedTask();

        await _scenario.Send(Command(_chunk, relativePath: relativePath, fileName: fileName, partFileName: partFileName));

        Assert.Equal(expected, Created?.RelativePath);
    }

    [Theory]
    [InlineData("../etc/passwd", null, null, PathField.RelativePath)]
    [InlineData("/etc/passwd", null, null, PathField.RelativePath)]
    [InlineData(null, "a/b.txt", null, PathField.FileName)]
    [InlineData(null, null, "..", PathField.PartFileName)]
    [InlineData(null, null, null, PathField.PartFileName)]
    public async Task An_unsafe_target_is_refused_before_the_task_exists(
        string? relativePath, string? fileName, string? partFileName, PathField field)
    {
        var error = await Assert.ThrowsAsync<InvalidPath>(
            () => _scenario.Send(Command(_chunk, relativePath: relativePath, fileName: fileName, partFileName: partFileName)));

        Assert.Equal(field, error.Field);
        AssertNothingCreated();
    }

    [Fact]
    public async Task A_first_chunk_of_the_wrong_size_creates_no_task()
    {
        await Assert.ThrowsAsync<SizeMismatch>(
            () => _scenario.Send(Command(_scenario.Staged(Md5, size: 3).Object)));

        AssertNothingCreated();
    }

    [Fact]
    public async Task A_file_above_the_size_limit_is_refused()
    {
        _scenario.Policy = new() { MaxFileSize = 9 };

        await Assert.ThrowsAsync<FileTooLarge>(() => _scenario.Send(Command(_chunk)));

        AssertNothingCreated();
    }

    [Fact]
    public async Task A_file_at_the_size_limit_is_accepted()
    {
        _scenario.Policy = new() { MaxFileSize = SampleTasks.FileSize };

        await _scenario.Send(Command(_chunk));

        Assert.Equal(["commit", "save"], _scenario.Effects);
    }

    [Theory]
    [InlineData("docs/report.exe")]
    [InlineData("docs/README")]
    public async Task An_extension_outside_the_allowed_list_is_refused(string relativePath)
    {
        _scenario.Policy = new() { AllowedExtensions = [".pdf", ".txt"] };

        await Assert.ThrowsAsync<ExtensionNotAllowed>(() => _scenario.Send(Command(_chunk, relativePath: relativePath)));

        AssertNothingCreated();
    }

    [Fact]
    public async Task An_allowed_extension_matches_regardless_of_case()
    {
        _scenario.Policy = new() { AllowedExtensions = [".pdf"] };

        await _scenario.Send(Command(_chunk, relativePath: "docs/REPORT.PDF"));

        Assert.Equal(["commit", "save"], _scenario.Effects);
    }

    private void CaptureCreatedTask() =>
        _scenario.Tasks.Setup(t => t.AddOrGetAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((UploadTask task, CancellationToken _) =>
            {
                Created = task;
                return task;
            });

    private void AssertNothingCreated()
    {
        _scenario.Tasks.Verify(t => t.AddOrGetAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(_scenario.Effects);
    }
}
