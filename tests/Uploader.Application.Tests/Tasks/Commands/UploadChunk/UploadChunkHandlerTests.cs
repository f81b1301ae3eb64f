using Moq;
using Uploader.Application.Errors;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;
using static Uploader.Application.Tests.UploadChunkScenario;

namespace Uploader.Application.Tests;

/// <summary>Recording a chunk of an existing task: checksum, re-sends, replacements and failures.</summary>
public class UploadChunkHandlerTests
{
    private const string OtherMd5 = "0cc175b9c0f1b6a831c399e269772661";
    private static readonly string StoredMd5 = SampleTasks.Md5Of(0);
    private static readonly string OldLocation = SampleTasks.LocationOf(0);

    private readonly UploadChunkScenario _scenario = new();

    [Fact]
    public async Task A_new_chunk_is_committed_then_saved_and_reported()
    {
        var task = _scenario.GivenTask(SampleTasks.Uploading(1));
        var staged = _scenario.Staged(OtherMd5);

        var result = await _scenario.Send(Command(staged.Object));

        Assert.Equal(["commit", "save"], _scenario.Effects);
        staged.Verify(s => s.CommitAsync(task.Id, 0, It.IsAny<CancellationToken>()));
        var chunk = task.FindChunk(0)!;
        Assert.Equal(NewLocation, chunk.Location);
        Assert.Equal(OtherMd5, chunk.Md5);
        Assert.Equal(_scenario.Clock.GetUtcNow().UtcDateTime, chunk.UploadedAt);
        Assert.Equal(
            new(SampleTasks.FileId, 0, 4, OtherMd5, false, 2, SampleTasks.TotalChunks, SampleTasks.RelativePath),
            result);
        _scenario.Tasks.Verify(t => t.AddOrGetAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_declared_md5_that_differs_from_the_bytes_is_refused_before_anything_is_stored()
    {
        _scenario.GivenTask(SampleTasks.Uploading());
        var staged = _scenario.Staged(OtherMd5);

        var error = await Assert.ThrowsAsync<ChecksumMismatch>(
            () => _scenario.Send(Command(staged.Object, md5: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));

        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", error.Expected);
        Assert.Equal(OtherMd5, error.Actual);
        Assert.Empty(_scenario.Effects);
    }

    [Fact]
    public async Task A_first_chunk_with_a_wrong_md5_creates_no_task()
    {
        _scenario.GivenNoTask();

        await Assert.ThrowsAsync<ChecksumMismatch>(
            () => _scenario.Send(Command(_scenario.Staged(OtherMd5).Object, md5: new string('a', 32))));

        _scenario.Tasks.Verify(t => t.AddOrGetAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(_scenario.Effects);
    }

    [Fact]
    public async Task A_declared_md5_is_compared_ignoring_case_and_reported_as_checked()
    {
        _scenario.GivenTask(SampleTasks.Uploading());
        var staged = _scenario.Staged(OtherMd5);

        var result = await _scenario.Send(Command(staged.Object, md5: OtherMd5.ToUpperInvariant()));

        Assert.True(result.Md5Checked);
        Assert.Equal(["commit", "save"], _scenario.Effects);
    }

    [Fact]
    public async Task Without_a_declared_md5_the_chunk_is_stored_unchecked()
    {
        _scenario.GivenTask(SampleTasks.Uploading());

        var result = await _scenario.Send(Command(_scenario.Staged(OtherMd5).Object, md5: null));

        Assert.False(result.Md5Checked);
        Assert.Equal(["commit", "save"], _scenario.Effects);
    }

    [Fact]
    public async Task With_the_integrity_check_disabled_a_wrong_md5_is_not_checked()
    {
        _scenario.Policy = new() { EnableIntegrityCheck = false };
        _scenario.GivenTask(SampleTasks.Uploading());

        var result = await _scenario.Send(Command(_scenario.Staged(OtherMd5).Object, md5: new string('f', 32)));

        Assert.False(result.Md5Checked);
        Assert.Equal(["commit", "save"], _scenario.Effects);
    }

    [Fact]
    public async Task Sending_the_same_bytes_again_stores_nothing()
    {
        var task = _scenario.GivenTask(SampleTasks.Uploading(0));

        var result = await _scenario.Send(Command(_scenario.Staged(StoredMd5).Object, md5: StoredMd5));

        Assert.Empty(_scenario.Effects);
        Assert.Equal(OldLocation, task.FindChunk(0)!.Location);
        Assert.Equal(StoredMd5, result.Md5);
        Assert.True(result.Md5Checked);
    }

    [Fact]
    public async Task Different_bytes_replace_the_chunk_and_the_old_version_is_deleted_after_the_save()
    {
        var task = _scenario.GivenTask(SampleTasks.Uploading(0));

        await _scenario.Send(Command(_scenario.Staged(OtherMd5).Object));

        Assert.Equal(["commit", "save", $"delete {OldLocation}"], _scenario.Effects);
        _scenario.Storage.Verify(s => s.DeleteChunkAsync(task.Id, OldLocation, It.IsAny<CancellationToken>()));
        Assert.Equal(NewLocation, task.FindChunk(0)!.Location);
        Assert.Equal(1, task.FindChunk(0)!.RetryCount);
    }

    [Fact]
    public async Task When_the_store_refuses_the_chunk_the_new_version_is_deleted_and_the_old_one_kept()
    {
        var task = _scenario.GivenTask(SampleTasks.Uploading(0));
        _scenario.GivenSaveChunksFails(new TaskPaused(SampleTasks.FileId));

        await Assert.ThrowsAsync<TaskPaused>(() => _scenario.Send(Command(_scenario.Staged(OtherMd5).Object)));

        Assert.Equal(["commit", "save", $"delete {NewLocation}"], _scenario.Effects);
        _scenario.Storage.Verify(s => s.DeleteChunkAsync(task.Id, NewLocation, It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task When_the_commit_fails_nothing_is_saved_or_deleted()
    {
        _scenario.GivenTask(SampleTasks.Uploading(0));
        var staged = _scenario.Staged(OtherMd5);
        staged.Setup(s => s.CommitAsync(It.IsAny<Guid>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("disk full"));

        await Assert.ThrowsAsync<IOException>(() => _scenario.Send(Command(staged.Object)));

        Assert.Empty(_scenario.Effects);
    }

    [Fact]
    public async Task A_chunk_of_the_wrong_size_is_refused_before_its_bytes_are_committed()
    {
        _scenario.GivenTask(SampleTasks.Uploading());

        await Assert.ThrowsAsync<SizeMismatch>(() => _scenario.Send(Command(_scenario.Staged(OtherMd5, size: 3).Object)));

        Assert.Empty(_scenario.Effects);
    }

    [Fact]
    public async Task A_chunk_that_breaks_the_task_chunk_size_is_refused_before_its_bytes_are_committed()
    {
        _scenario.GivenTask(SampleTasks.Uploading());

        await Assert.ThrowsAsync<SizeMismatch>(
            () => _scenario.Send(Command(_scenario.Staged(OtherMd5, size: 3).Object, chunkSize: null)));

        Assert.Empty(_scenario.Effects);
    }

    [Fact]
    public async Task A_task_that_refuses_chunks_stops_the_upload_before_the_bytes_are_committed()
    {
        _scenario.GivenTask(SampleTasks.Paused());

        await Assert.ThrowsAsync<TaskPaused>(() => _scenario.Send(Command(_scenario.Staged(OtherMd5).Object)));

        Assert.Empty(_scenario.Effects);
    }

    [Fact]
    public async Task A_layout_that_differs_from_the_task_is_refused_before_the_bytes_are_committed()
    {
        _scenario.GivenTask(SampleTasks.Uploading());

        var error = await Assert.ThrowsAsync<TaskMismatch>(
            () => _scenario.Send(Command(_scenario.Staged(OtherMd5).Object, fileSize: 11, chunkSize: null)));

        Assert.Equal(TaskField.FileSize, error.Field);
        Assert.Empty(_scenario.Effects);
    }

    [Fact]
    public async Task Losing_a_race_to_identical_bytes_deletes_our_copy()
    {
        var winner = SampleTasks.Uploading();
        winner.AcceptChunk(winner.Admit(0, 4, winner.Layout), OtherMd5, "winner-location", SampleTasks.Created);
        _scenario.GivenLoads(SampleTasks.Uploading(), winner);
        _scenario.GivenSaveChunksFails(new ConcurrentChange(SampleTasks.FileId));

        var result = await _scenario.Send(Command(_scenario.Staged(OtherMd5).Object));

        Assert.Equal(["commit", "save", $"delete {NewLocation}"], _scenario.Effects);
        Assert.Equal("winner-location", winner.FindChunk(0)!.Location);
        Assert.Equal(OtherMd5, result.Md5);
    }

    [Fact]
    public async Task Losing_a_race_to_different_bytes_replaces_them_and_deletes_the_winners_copy()
    {
        var winner = SampleTasks.Uploading();
        winner.AcceptChunk(winner.Admit(0, 4, winner.Layout), StoredMd5, "winner-location", SampleTasks.Created);
        _scenario.GivenLoads(SampleTasks.Uploading(), winner);
        _scenario.GivenSaveChunksFails(new ConcurrentChange(SampleTasks.FileId));

        await _scenario.Send(Command(_scenario.Staged(OtherMd5).Object));

        Assert.Equal(["commit", "save", "save", "delete winner-location"], _scenario.Effects);
        Assert.Equal(NewLocation, winner.FindChunk(0)!.Location);
    }

    [Fact]
    public async Task Losing_every_race_gives_up_and_deletes_our_copy()
    {
        _scenario.GivenLoads(SampleTasks.Uploading(), SampleTasks.Uploading(0), SampleTasks.Uploading(0));
        _scenario.GivenSaveChunksFails(
            new ConcurrentChange(SampleTasks.FileId), new ConcurrentChange(SampleTasks.FileId), new ConcurrentChange(SampleTasks.FileId));

        await Assert.ThrowsAsync<ConcurrentChange>(() => _scenario.Send(Command(_scenario.Staged(OtherMd5).Object)));

        Assert.Equal(["commit", "save", "save", "save", $"delete {NewLocation}"], _scenario.Effects);
    }

    [Fact]
    public async Task A_task_deleted_during_the_race_is_reported_and_our_copy_deleted()
    {
        _scenario.GivenLoads(SampleTasks.Uploading(), null);
        _scenario.GivenSaveChunksFails(new ConcurrentChange(SampleTasks.FileId));

        await Assert.ThrowsAsync<TaskNotFound>(() => _scenario.Send(Command(_scenario.Staged(OtherMd5).Object)));

        Assert.Equal(["commit", "save", $"delete {NewLocation}"], _scenario.Effects);
    }
}
