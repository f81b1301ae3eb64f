using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Storage;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

/// <summary>
/// Every store and storage effect is appended to <see cref="_effects"/>: "begin"/"commit"/"rollback" of the
/// claim transaction, "load", "save {status}", "assemble", "choose {policy}", "publish {policy}", "dispose",
/// "delete chunks", "lease" (the claim's lease recorded) and "renew" (a renewal, the one before publishing included).
/// A save while merging after the claim is the recording of the chosen target.
/// </summary>
public class MergeChunksHandlerTests
{
    private const string PublishedPath = "docs/report (1).pdf";
    private const string MergedIdentity = "8.1:4242:10:1767258000.000000000";

    private static readonly string[] Claimed = ["begin", "load", "save Merging", "lease", "commit", "assemble"];

    private readonly Mock<IUploadTaskRepository> _tasks = new();
    private readonly Mock<IChunkStorage> _storage = new();
    private readonly Mock<IStorageSpace> _space = new();
    private readonly Mock<IAssembledFile> _assembled = new();
    private readonly Mock<IBackgroundMerges> _background = new(MockBehavior.Strict);
    private readonly Mock<IMergeLeases> _leases = new(MockBehavior.Strict);
    private readonly LeasePolicy _leasePolicy = new() { InstanceId = "web1:18101", Length = TimeSpan.FromSeconds(30) };
    private readonly Queue<bool> _renewals = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 2, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly Queue<Exception?> _saveOutcomes = new();
    private readonly List<string> _effects = [];
    private UploadPolicy _policy = new();
    private long _mergedFreeBytes = 1L << 50;

    public MergeChunksHandlerTests()
    {
        _tasks.Setup(t => t.InTransactionAsync(It.IsAny<Func<CancellationToken, Task<UploadTask>>>(), It.IsAny<CancellationToken>()))
            .Returns(async (Func<CancellationToken, Task<UploadTask>> work, CancellationToken ct) =>
            {
                _effects.Add("begin");
                try
                {
                    var result = await work(ct);
                    _effects.Add("commit");
                    return result;
                }
                catch
                {
                    _effects.Add("rollback");
                    throw;
                }
            });
        _tasks.Setup(t => t.SaveAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .Returns((UploadTask task, CancellationToken _) =>
            {
                _effects.Add($"save {task.Status}");
                return _saveOutcomes.TryDequeue(out var error) && error is not null ? Task.FromException(error) : Task.CompletedTask;
            });
        _storage.Setup(s => s.AssembleAsync(
                It.IsAny<Guid>(), It.IsAny<IReadOnlyList<ChunkToMerge>>(), It.IsAny<RelativeFilePath>(), It.IsAny<IProgress<long>>(), It.IsAny<CancellationToken>()))
            .Callback(() => _effects.Add("assemble"))
            .ReturnsAsync(_assembled.Object);
        _storage.Setup(s => s.DeleteTaskDataAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .Callback(() => _effects.Add("delete chunks"))
            .ReturnsAsync(0L);
        _assembled.SetupGet(a => a.Md5).Returns(SampleTasks.MergedMd5);
        _assembled.SetupGet(a => a.Identity).Returns(MergedIdentity);
        _assembled.SetupGet(a => a.Size).Returns(SampleTasks.FileSize);
        _assembled.SetupGet(a => a.CorruptChunks).Returns([]);
        _assembled.Setup(a => a.ChooseTargetAsync(It.IsAny<ConflictPolicy>(), It.IsAny<CancellationToken>()))
            .Callback((ConflictPolicy onConflict, CancellationToken _) => _effects.Add($"choose {onConflict}"))
            .ReturnsAsync(PublishedPath);
        _assembled.Setup(a => a.PublishAsync(It.IsAny<string>(), It.IsAny<ConflictPolicy>(), It.IsAny<CancellationToken>()))
            .Callback((string _, ConflictPolicy onConflict, CancellationToken _) => _effects.Add($"publish {onConflict}"))
            .ReturnsAsync(true);
        _assembled.Setup(a => a.DisposeAsync()).Callback(() => _effects.Add("dispose")).Returns(ValueTask.CompletedTask);
        _space.Setup(s => s.Merged()).Returns(() => new StorageVolume("merged", _mergedFreeBytes, 2 * _mergedFreeBytes));
        _tasks.Setup(t => t.RecordMergeLeaseAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback(() => _effects.Add("lease"))
            .Returns(Task.CompletedTask);
        _leases.Setup(l => l.RenewAsync(It.IsAny<Guid>(), _leasePolicy.InstanceId, It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback(() => _effects.Add("renew"))
            .ReturnsAsync(() => !_renewals.TryDequeue(out var kept) || kept);
    }

    [Fact]
    public async Task An_unknown_file_id_is_reported()
    {
        _tasks.Setup(t => t.FindWithAllChunksAsync(SampleTasks.FileId, It.IsAny<CancellationToken>()))
            .ReturnsAsync((UploadTask?)null);

        await Assert.ThrowsAsync<TaskNotFound>(() => Merge());

        Assert.Equal(["begin", "rollback"], _effects);
    }

    [Fact]
    public async Task A_request_that_disagrees_with_the_task_is_refused_before_the_claim()
    {
        GivenTask(SampleTasks.Complete());

        var error = await Assert.ThrowsAsync<TaskMismatch>(() => Merge(totalChunks: 4));

        Assert.Equal(TaskField.TotalChunks, error.Field);
        Assert.Equal(["begin", "load", "rollback"], _effects);
    }

    [Fact]
    public async Task A_task_with_missing_chunks_is_refused_and_left_uploading()
    {
        var task = GivenTask(SampleTasks.Uploading(0, 2));

        var error = await Assert.ThrowsAsync<ChunksMissing>(() => Merge());

        Assert.Equal([1], error.Missing);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal(["begin", "load", "rollback"], _effects);
    }

    [Fact]
    public async Task A_completed_task_answers_with_its_stored_result_without_touching_storage()
    {
        GivenTask(SampleTasks.Completed(PublishedPath));

        var result = await Merge(expectedMd5: SampleTasks.MergedMd5.ToUpperInvariant());

        Assert.Equal(
            new MergeCompleted(SampleTasks.FileId, PublishedPath, SampleTasks.MergedMd5, SampleTasks.FileSize, SampleTasks.RelativePath, Assembled: false),
            result);
        Assert.Equal(["begin", "load", "commit"], _effects);
    }

    [Fact]
    public async Task A_completed_task_refuses_an_expected_md5_it_does_not_have()
    {
        GivenTask(SampleTasks.Completed());

        var error = await Assert.ThrowsAsync<ChecksumMismatch>(() => Merge(expectedMd5: new string('a', 32)));

        Assert.Equal(SampleTasks.MergedMd5, error.Actual);
        Assert.DoesNotContain("assemble", _effects);
    }

    [Fact]
    public async Task A_completed_task_ignores_the_expected_md5_when_the_integrity_check_is_disabled()
    {
        _policy = new() { EnableIntegrityCheck = false };
        GivenTask(SampleTasks.Completed());

        var result = await Merge(expectedMd5: new string('a', 32));

        Assert.Equal(SampleTasks.MergedMd5, result.Md5);
    }

    [Theory]
    [InlineData(ConflictPolicy.Rename)]
    [InlineData(ConflictPolicy.Overwrite)]
    [InlineData(ConflictPolicy.Reject)]
    public async Task A_full_task_is_claimed_assembled_published_with_the_policy_completed_and_its_chunks_dropped(
        ConflictPolicy onConflict)
    {
        _policy = new() { OnConflict = onConflict };
        var task = GivenTask(SampleTasks.Complete());

        var result = await Merge(expectedMd5: SampleTasks.MergedMd5);

        Assert.Equal(
            [.. Claimed, $"choose {onConflict}", "save Merging", "renew", $"publish {onConflict}", "dispose", "save Completed", "delete chunks"],
            _effects);
        _storage.Verify(s => s.DeleteTaskDataAsync(task.Id, It.IsAny<CancellationToken>()));
        Assert.Equal(UploadTaskStatus.Completed, task.Status);
        Assert.Equal(SampleTasks.MergedMd5, task.FileMd5);
        Assert.Equal(PublishedPath, task.FinalPath);
        Assert.Equal(PublishedPath, result.FilePath);
        Assert.Equal(SampleTasks.MergedMd5, result.Md5);
        Assert.Equal(SampleTasks.FileSize, result.Size);
        Assert.Equal(SampleTasks.RelativePath, result.RelativePath);
    }

    [Fact]
    public async Task The_chunks_are_assembled_in_index_order_into_the_task_target()
    {
        var task = GivenTask(SampleTasks.Uploading(2, 0, 1));
        IReadOnlyList<ChunkToMerge>? assembled = null;
        RelativeFilePath? target = null;
        _storage.Setup(s => s.AssembleAsync(
                task.Id, It.IsAny<IReadOnlyList<ChunkToMerge>>(), It.IsAny<RelativeFilePath>(), It.IsAny<IProgress<long>>(), It.IsAny<CancellationToken>()))
            .Callback((Guid _, IReadOnlyList<ChunkToMerge> chunks, RelativeFilePath path, IProgress<long> _, CancellationToken _) =>
            {
                assembled = chunks;
                target = path;
            })
            .ReturnsAsync(_assembled.Object);

        await Merge();

        Assert.Equal(
            Enumerable.Range(0, 3).Select(i => new ChunkToMerge(i, SampleTasks.LocationOf(i), SampleTasks.SizeOf(i), SampleTasks.Md5Of(i), SampleTasks.ChecksumOf(i))),
            assembled);
        Assert.Equal(SampleTasks.RelativePath, target?.Value);
    }

    [Fact]
    public async Task Corrupt_chunks_are_marked_and_the_task_taken_back_to_uploading()
    {
        var task = GivenTask(SampleTasks.Complete());
        _assembled.SetupGet(a => a.CorruptChunks).Returns([1]);

        var error = await Assert.ThrowsAsync<CorruptChunks>(() => Merge());

        Assert.Equal([1], error.Corrupt);
        Assert.Equal(ChunkStatus.Corrupt, task.FindChunk(1)!.Status);
        Assert.Equal(ChunkStatus.Uploaded, task.FindChunk(0)!.Status);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal(error.Message, task.LastError);
        Assert.Equal([.. Claimed, "dispose", "save Uploading"], _effects);
    }

    [Fact]
    public async Task An_expected_md5_the_file_does_not_have_takes_the_task_back_to_uploading_unpublished()
    {
        var task = GivenTask(SampleTasks.Complete());

        var error = await Assert.ThrowsAsync<ChecksumMismatch>(() => Merge(expectedMd5: new string('A', 32)));

        Assert.Equal(new string('a', 32), error.Expected);
        Assert.Equal(SampleTasks.MergedMd5, error.Actual);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal([.. Claimed, "dispose", "save Uploading"], _effects);
    }

    [Fact]
    public async Task With_the_integrity_check_disabled_the_expected_md5_is_not_compared()
    {
        _policy = new() { EnableIntegrityCheck = false };
        var task = GivenTask(SampleTasks.Complete());

        await Merge(expectedMd5: new string('a', 32));

        Assert.Equal(UploadTaskStatus.Completed, task.Status);
    }

    [Fact]
    public async Task A_target_that_exists_under_the_reject_policy_takes_the_task_back_to_uploading()
    {
        _policy = new() { OnConflict = ConflictPolicy.Reject };
        var task = GivenTask(SampleTasks.Complete());
        _assembled.Setup(a => a.ChooseTargetAsync(It.IsAny<ConflictPolicy>(), It.IsAny<CancellationToken>()))
            .Callback((ConflictPolicy onConflict, CancellationToken _) => _effects.Add($"choose {onConflict}"))
            .ThrowsAsync(new TargetExists(SampleTasks.RelativePath));

        await Assert.ThrowsAsync<TargetExists>(() => Merge());

        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal([.. Claimed, "choose Reject", "dispose", "save Uploading"], _effects);
    }

    [Fact]
    public async Task An_unexpected_storage_failure_fails_the_task()
    {
        var task = GivenTask(SampleTasks.Complete());
        _storage.Setup(s => s.AssembleAsync(
                It.IsAny<Guid>(), It.IsAny<IReadOnlyList<ChunkToMerge>>(), It.IsAny<RelativeFilePath>(), It.IsAny<IProgress<long>>(), It.IsAny<CancellationToken>()))
            .Callback(() => _effects.Add("assemble"))
            .ThrowsAsync(new IOException("disk unplugged"));

        await Assert.ThrowsAsync<IOException>(() => Merge());

        Assert.Equal(UploadTaskStatus.Failed, task.Status);
        Assert.Equal("disk unplugged", task.LastError);
        Assert.Equal([.. Claimed, "save Failed"], _effects);
    }

    [Fact]
    public async Task When_the_completion_cannot_be_recorded_the_chunks_are_kept()
    {
        GivenTask(SampleTasks.Complete());
        _saveOutcomes.Enqueue(null);
        _saveOutcomes.Enqueue(null);
        _saveOutcomes.Enqueue(new IOException("database is locked"));

        await Assert.ThrowsAsync<IOException>(() => Merge());

        Assert.Equal([.. Claimed, "choose Rename", "save Merging", "renew", "publish Rename", "dispose", "save Completed"], _effects);
    }

    [Fact]
    public async Task The_chosen_target_and_md5_are_saved_on_the_task_before_the_file_moves_there()
    {
        GivenTask(SampleTasks.Complete());
        (string? Path, string? Md5, string? Identity, UploadTaskStatus Status)? savedBeforePublish = null;
        _tasks.Setup(t => t.SaveAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .Callback((UploadTask task, CancellationToken _) =>
            {
                _effects.Add($"save {task.Status}");
                if (_effects.Contains("choose Rename") && !_effects.Contains("publish Rename"))
                {
                    savedBeforePublish = (task.FinalPath, task.FileMd5, task.MergedFileIdentity, task.Status);
                }
            })
            .Returns(Task.CompletedTask);

        await Merge();

        Assert.Equal((PublishedPath, SampleTasks.MergedMd5, MergedIdentity, UploadTaskStatus.Merging), savedBeforePublish);
    }

    [Fact]
    public async Task A_name_taken_between_the_choice_and_the_move_is_chosen_again_and_recorded_again()
    {
        var task = GivenTask(SampleTasks.Complete());
        var choices = new Queue<string>(["docs/report.pdf", "docs/report (2).pdf"]);
        _assembled.Setup(a => a.ChooseTargetAsync(It.IsAny<ConflictPolicy>(), It.IsAny<CancellationToken>()))
            .Callback((ConflictPolicy onConflict, CancellationToken _) => _effects.Add($"choose {onConflict}"))
            .ReturnsAsync(choices.Dequeue);
        var published = new List<string>();
        _assembled.Setup(a => a.PublishAsync(It.IsAny<string>(), It.IsAny<ConflictPolicy>(), It.IsAny<CancellationToken>()))
            .Callback((string path, ConflictPolicy onConflict, CancellationToken _) =>
            {
                _effects.Add($"publish {onConflict}");
                published.Add(path);
            })
            .ReturnsAsync(() => published.Count > 1);

        var result = await Merge();

        Assert.Equal(["docs/report.pdf", "docs/report (2).pdf"], published);
        Assert.Equal("docs/report (2).pdf", result.FilePath);
        Assert.Equal("docs/report (2).pdf", task.FinalPath);
        Assert.Equal(
            [.. Claimed, "choose Rename", "save Merging", "renew", "publish Rename", "choose Rename", "save Merging", "renew",
                "publish Rename", "dispose", "save Completed", "delete chunks"],
            _effects);
    }

    [Fact]
    public async Task A_target_taken_at_every_attempt_takes_the_task_back_to_uploading_with_its_chunks()
    {
        var task = GivenTask(SampleTasks.Complete());
        _assembled.Setup(a => a.PublishAsync(It.IsAny<string>(), It.IsAny<ConflictPolicy>(), It.IsAny<CancellationToken>()))
            .Callback((string _, ConflictPolicy onConflict, CancellationToken _) => _effects.Add($"publish {onConflict}"))
            .ReturnsAsync(false);

        await Assert.ThrowsAsync<TargetExists>(() => Merge());

        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Null(task.FinalPath);
        Assert.Equal(5, _effects.Count(e => e == "publish Rename"));
        Assert.DoesNotContain("delete chunks", _effects);
    }

    [Fact]
    public async Task Losing_the_claim_to_another_merge_reports_a_merge_in_progress()
    {
        GivenTask(SampleTasks.Complete());
        _tasks.Setup(t => t.FindAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(SampleTasks.Merging());
        _saveOutcomes.Enqueue(new ConcurrentChange(SampleTasks.FileId));

        await Assert.ThrowsAsync<MergeInProgress>(() => Merge());

        Assert.Equal(["begin", "load", "save Merging", "rollback"], _effects);
    }

    [Fact]
    public async Task Losing_the_claim_to_a_pause_reports_the_task_as_paused()
    {
        GivenTask(SampleTasks.Complete());
        _tasks.Setup(t => t.FindAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(SampleTasks.Paused());
        _saveOutcomes.Enqueue(new ConcurrentChange(SampleTasks.FileId));

        await Assert.ThrowsAsync<TaskPaused>(() => Merge());

        Assert.DoesNotContain("assemble", _effects);
    }

    [Fact]
    public async Task Losing_the_claim_while_the_task_still_takes_chunks_reports_the_conflict()
    {
        GivenTask(SampleTasks.Complete());
        _tasks.Setup(t => t.FindAsync(SampleTasks.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(SampleTasks.Complete());
        _saveOutcomes.Enqueue(new ConcurrentChange(SampleTasks.FileId));

        await Assert.ThrowsAsync<ConcurrentChange>(() => Merge());

        Assert.DoesNotContain("assemble", _effects);
    }

    [Fact]
    public async Task Losing_the_claim_to_a_merge_that_completed_answers_with_its_result()
    {
        GivenTask(SampleTasks.Complete());
        _tasks.Setup(t => t.FindAsync(SampleTasks.FileId, It.IsAny<CancellationToken>()))
            .ReturnsAsync(SampleTasks.Completed(PublishedPath));
        _saveOutcomes.Enqueue(new ConcurrentChange(SampleTasks.FileId));

        var result = await Merge();

        Assert.Equal(PublishedPath, result.FilePath);
        Assert.DoesNotContain("assemble", _effects);
    }

    [Fact]
    public async Task Losing_the_claim_to_a_deletion_reports_the_task_as_not_found()
    {
        GivenTask(SampleTasks.Complete());
        _saveOutcomes.Enqueue(new ConcurrentChange(SampleTasks.FileId));

        await Assert.ThrowsAsync<TaskNotFound>(() => Merge());

        Assert.DoesNotContain("assemble", _effects);
    }

    [Fact]
    public async Task Too_little_room_for_the_file_above_the_hard_floor_takes_the_task_back_to_uploading_unassembled()
    {
        _policy = new() { MinFreeDiskBytes = 100 };
        _mergedFreeBytes = SampleTasks.FileSize + 49;
        var task = GivenTask(SampleTasks.Complete());

        var error = await Assert.ThrowsAsync<InsufficientStorage>(() => Merge());

        Assert.Equal(["begin", "load", "save Merging", "lease", "commit", "save Uploading"], _effects);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal(error.Message, task.LastError);
        Assert.All(task.Chunks, c => Assert.Equal(ChunkStatus.Uploaded, c.Status));
        _storage.Verify(s => s.DeleteTaskDataAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Room_for_the_file_plus_the_hard_floor_is_enough_to_merge()
    {
        _policy = new() { MinFreeDiskBytes = 100 };
        _mergedFreeBytes = SampleTasks.FileSize + 50;
        var task = GivenTask(SampleTasks.Complete());

        await Merge();

        Assert.Equal(UploadTaskStatus.Completed, task.Status);
    }

    [Fact]
    public async Task A_request_the_task_refuses_is_answered_before_the_space_is_measured()
    {
        _mergedFreeBytes = 0;
        GivenTask(SampleTasks.Uploading(0));

        await Assert.ThrowsAsync<ChunksMissing>(() => Merge());

        _space.Verify(s => s.Merged(), Times.Never);
    }

    [Fact]
    public async Task The_background_form_claims_the_task_queues_it_and_answers_without_assembling()
    {
        var task = GivenTask(SampleTasks.Complete());
        _background.Setup(b => b.Enqueue(SampleTasks.FileId, SampleTasks.MergedMd5, It.IsAny<MergeLease>())).Callback(() => _effects.Add("queue"));

        var result = await MergeInBackground(expectedMd5: SampleTasks.MergedMd5);

        Assert.Equal(new MergeRunning(SampleTasks.FileId), result);
        Assert.Equal(["begin", "load", "save Merging", "lease", "commit", "queue"], _effects);
        Assert.Equal(UploadTaskStatus.Merging, task.Status);
    }

    [Fact]
    public async Task The_background_form_sent_again_while_merging_answers_running_and_queues_nothing()
    {
        GivenTask(SampleTasks.Merging());

        var result = await MergeInBackground();

        Assert.Equal(new MergeRunning(SampleTasks.FileId), result);
        Assert.Equal(["begin", "load", "rollback"], _effects);
        _background.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_background_form_is_refused_at_once_when_chunks_are_missing()
    {
        var task = GivenTask(SampleTasks.Uploading(0, 2));

        var refusal = await Assert.ThrowsAsync<ChunksMissing>(() => MergeInBackground());

        Assert.Equal([1], refusal.Missing);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        _background.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_background_form_of_a_completed_task_answers_its_stored_result()
    {
        GivenTask(SampleTasks.Completed(PublishedPath));

        var result = await MergeInBackground();

        Assert.Equal(PublishedPath, Assert.IsType<MergeCompleted>(result).FilePath);
        _background.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_waiting_form_sent_while_merging_is_refused_as_go_uploader_did()
    {
        GivenTask(SampleTasks.Merging());

        await Assert.ThrowsAsync<MergeInProgress>(() => Merge());
    }

    [Fact]
    public async Task An_assembly_starts_its_progress_at_zero_before_writing()
    {
        var task = GivenTask(SampleTasks.Complete());
        _tasks.Setup(t => t.RecordMergeProgressAsync(task.Id, 0, It.IsAny<CancellationToken>()))
            .Callback(() => _effects.Add("progress 0"))
            .Returns(Task.CompletedTask);

        await Merge();

        Assert.Equal(["begin", "load", "save Merging", "lease", "commit", "progress 0", "assemble"], _effects[..7]);
    }

    [Fact]
    public async Task The_claim_records_this_instance_lease_for_one_lease_length_inside_its_transaction()
    {
        var task = GivenTask(SampleTasks.Complete());

        await Merge();

        _tasks.Verify(t => t.RecordMergeLeaseAsync(
            task.Id, "web1:18101", _clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(30), It.IsAny<CancellationToken>()));
        Assert.Equal(Claimed, _effects[..Claimed.Length]);
    }

    [Fact]
    public async Task A_lease_lost_before_publishing_stops_the_merge_without_publishing_or_recording_anything()
    {
        var task = GivenTask(SampleTasks.Complete());
        _renewals.Enqueue(false);

        await Assert.ThrowsAsync<MergeLeaseLost>(() => Merge());

        Assert.Equal([.. Claimed, "choose Rename", "save Merging", "renew", "dispose"], _effects);
        Assert.Equal(UploadTaskStatus.Merging, task.Status);
        _storage.Verify(s => s.DeleteTaskDataAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_lease_whose_renewal_fails_before_publishing_fails_the_merge_rather_than_publish_unconfirmed()
    {
        var task = GivenTask(SampleTasks.Complete());
        _leases.Setup(l => l.RenewAsync(task.Id, _leasePolicy.InstanceId, It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("database is locked"));

        await Assert.ThrowsAsync<IOException>(() => Merge());

        Assert.DoesNotContain("publish Rename", _effects);
        Assert.Equal(UploadTaskStatus.Failed, task.Status);
    }

    private UploadTask GivenTask(UploadTask task)
    {
        _tasks.Setup(t => t.FindWithAllChunksAsync(task.FileId, It.IsAny<CancellationToken>()))
            .Callback(() => _effects.Add("load"))
            .ReturnsAsync(task);
        return task;
    }

    private async Task<MergeCompleted> Merge(string? expectedMd5 = null, int? totalChunks = null) =>
        Assert.IsType<MergeCompleted>(await Handler()
            .Handle(new MergeChunksCommand(SampleTasks.FileId, null, totalChunks, null, expectedMd5), CancellationToken.None));

    private Task<MergeChunksResult> MergeInBackground(string? expectedMd5 = null) =>
        Handler().Handle(new MergeChunksCommand(SampleTasks.FileId, null, null, null, expectedMd5, InBackground: true), CancellationToken.None)
            .AsTask();

    private MergeChunksHandler Handler() => new(
        _tasks.Object,
        new MergeAssembly(_tasks.Object, _storage.Object, _space.Object, _policy, _clock, NullLogger<MergeAssembly>.Instance),
        _background.Object,
        new MergeLeasing(_leases.Object, _leasePolicy, _clock, NullLogger<MergeLease>.Instance),
        _policy,
        _clock);
}
