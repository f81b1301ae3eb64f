using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Views;
using Uploader.Application.Tus.Commands.BeginTusPatch;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;

namespace Uploader.Application.Tests;

/// <summary>
/// A PATCH is told its offset from what is stored (chunks from 0 without a gap, and the tail when it continues
/// them), claims the upload only at that offset, and takes the claim from any earlier PATCH.
/// </summary>
public class BeginTusPatchHandlerTests
{
    private const string FileId = SampleTasks.FileId;

    private readonly Mock<ITusUploadRepository> _uploads = new();
    private readonly Mock<IUploadTaskRepository> _tasks = new();
    private readonly Mock<IUploadTaskReader> _reader = new();
    private readonly TusUpload _upload = TusUpload.Start(Guid.NewGuid(), FileId, metadata: null, SampleTasks.Created);
    private readonly Queue<Exception> _saveFailures = new();
    private int _saves;

    public BeginTusPatchHandlerTests()
    {
        _uploads.Setup(u => u.FindAsync(FileId, It.IsAny<CancellationToken>())).ReturnsAsync(_upload);
        _uploads.Setup(u => u.SaveAsync(_upload, It.IsAny<CancellationToken>())).Returns(() =>
        {
            _saves++;
            return _saveFailures.TryDequeue(out var error) ? Task.FromException(error) : Task.CompletedTask;
        });
    }

    private void GivenTask(UploadTask task) =>
        _tasks.Setup(t => t.FindAsync(FileId, It.IsAny<CancellationToken>())).ReturnsAsync(task);

    private void GivenStored(params int[] chunks) =>
        _reader.Setup(r => r.GetStatusAsync(FileId, It.IsAny<CancellationToken>())).ReturnsAsync(new UploadStatusView(
            FileId, UploadTaskStatus.Uploading, chunks, SampleTasks.TotalChunks, SampleTasks.FileSize, 0,
            SampleTasks.Created, SampleTasks.Created, null, null, null, null));

    /// <summary>A tail of <paramref name="size"/> bytes of chunk <paramref name="index"/>, recorded by an earlier PATCH.</summary>
    private void GivenTail(int index, long size) => _upload.RecordTail(_upload.BeginPatch(0, 0), index, size, "tail-v1");

    private Task<TusPatch> Send(long offset) =>
        new BeginTusPatchHandler(_uploads.Object, _tasks.Object, _reader.Object, new FakeTimeProvider(SampleTasks.Created))
            .Handle(new BeginTusPatchCommand(FileId, offset), CancellationToken.None).AsTask();

    [Fact]
    public async Task The_offset_is_the_chunks_stored_from_0_and_the_tail_that_continues_them()
    {
        GivenTask(SampleTasks.Uploading(0, 1));
        GivenStored(0, 1);
        GivenTail(2, 1);
        var earlier = _upload.PatchToken!.Value;

        var patch = await Send(9);

        Assert.Equal((9L, "tail-v1", 1L), (patch.Offset, patch.TailLocation, patch.TailSize));
        Assert.Equal(_upload.PatchToken, patch.Token);
        Assert.NotEqual(earlier, patch.Token);
        Assert.Throws<PatchSuperseded>(() => _upload.EnsureHolds(earlier));
        Assert.Equal(1, _saves);
    }

    [Fact]
    public async Task A_tail_after_a_gap_counts_for_nothing()
    {
        GivenTask(SampleTasks.Uploading(0));
        GivenStored(0);
        GivenTail(2, 1);

        var patch = await Send(4);

        Assert.Equal((4L, null, 0L), (patch.Offset, patch.TailLocation, patch.TailSize));
    }

    [Fact]
    public async Task A_patch_at_another_offset_claims_nothing()
    {
        GivenTask(SampleTasks.Uploading(0));
        GivenStored(0);
        GivenTail(1, 2);
        var current = _upload.PatchToken;

        var error = await Assert.ThrowsAsync<UploadOffsetMismatch>(() => Send(4));

        Assert.Equal(6, error.Actual);
        Assert.Equal(current, _upload.PatchToken);
        Assert.Equal(0, _saves);
    }

    [Fact]
    public async Task A_paused_task_takes_no_patch()
    {
        GivenTask(SampleTasks.Paused());
        GivenStored();

        await Assert.ThrowsAsync<TaskPaused>(() => Send(0));

        Assert.Null(_upload.PatchToken);
        Assert.Equal(0, _saves);
    }

    [Fact]
    public async Task A_claim_that_met_another_at_the_same_time_is_tried_again_and_then_given_up()
    {
        GivenTask(SampleTasks.Uploading());
        GivenStored();
        _saveFailures.Enqueue(new ConcurrentChange(FileId));

        var patch = await Send(0);

        Assert.Equal(2, _saves);
        Assert.Equal(_upload.PatchToken, patch.Token);

        _saves = 0;
        for (var i = 0; i < 3; i++)
        {
            _saveFailures.Enqueue(new ConcurrentChange(FileId));
        }

        await Assert.ThrowsAsync<ConcurrentChange>(() => Send(0));
        Assert.Equal(3, _saves);
    }
}
