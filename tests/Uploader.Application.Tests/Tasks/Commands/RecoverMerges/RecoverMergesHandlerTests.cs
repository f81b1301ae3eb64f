using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Application.Tasks.Commands.RecoverMerges;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

/// <summary>
/// The periodic recovery of merges whose instance died, against the ports: it only settles a task whose lease it took
/// over, and what it makes of it depends on whether the recorded file is published.
/// </summary>
public sealed class RecoverMergesHandlerTests
{
    private const string Me = "web3:18101";
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly Mock<IMergeLeases> _leases = new();
    private readonly Mock<IUploadTaskRepository> _tasks = new();
    private readonly Mock<IChunkStorage> _storage = new();
    private readonly List<string> _effects = [];

    public RecoverMergesHandlerTests()
    {
        _leases.Setup(l => l.RenewAsync(It.IsAny<Guid>(), Me, It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _tasks.Setup(t => t.SaveAsync(It.IsAny<UploadTask>(), It.IsAny<CancellationToken>()))
            .Callback((UploadTask task, CancellationToken _) => _effects.Add($"save {task.Status}"))
            .Returns(Task.CompletedTask);
        _storage.Setup(s => s.DeleteTaskDataAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()))
            .Callback(() => _effects.Add("delete chunks"))
            .ReturnsAsync(0L);
    }

    [Fact]
    public async Task Candidates_are_the_expired_leases_of_other_instances_as_of_now()
    {
        _leases.Setup(l => l.FindExpiredAsync(Me, _clock.GetUtcNow().UtcDateTime, It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);

        var recovered = await Handler().Handle(new RecoverMergesCommand(), CancellationToken.None);

        Assert.Equal(new MergeRecovery(0, 0), recovered);
        _leases.Verify(l => l.FindExpiredAsync(Me, _clock.GetUtcNow().UtcDateTime, It.IsAny<int>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_task_whose_lease_was_renewed_meanwhile_is_left_untouched()
    {
        var task = GivenCandidate(SampleTasks.Merging(), takenOver: false);

        var recovered = await Handler().Handle(new RecoverMergesCommand(), CancellationToken.None);

        Assert.Equal(new MergeRecovery(0, 0), recovered);
        Assert.Equal(UploadTaskStatus.Merging, task.Status);
        Assert.Empty(_effects);
        _storage.Verify(s => s.HoldsMergedFileAsync(It.IsAny<string>(), It.IsAny<long>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_taken_over_merge_without_its_file_in_place_is_reopened_with_its_chunks()
    {
        var task = GivenCandidate(MergingWithTarget(), takenOver: true);
        _storage.Setup(s => s.HoldsMergedFileAsync(SampleTasks.RelativePath, SampleTasks.FileSize, SampleTasks.MergedMd5, It.IsAny<CancellationToken>()))
            .ReturnsAsync(false);

        var recovered = await Handler().Handle(new RecoverMergesCommand(), CancellationToken.None);

        Assert.Equal(new MergeRecovery(0, 1), recovered);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal(["take over", "save Uploading"], _effects);
    }

    [Fact]
    public async Task A_taken_over_merge_whose_file_is_published_is_completed_and_its_chunks_removed()
    {
        var task = GivenCandidate(MergingWithTarget(), takenOver: true);
        _storage.Setup(s => s.HoldsMergedFileAsync(SampleTasks.RelativePath, SampleTasks.FileSize, SampleTasks.MergedMd5, It.IsAny<CancellationToken>()))
            .ReturnsAsync(true);

        var recovered = await Handler().Handle(new RecoverMergesCommand(), CancellationToken.None);

        Assert.Equal(new MergeRecovery(1, 0), recovered);
        Assert.Equal(UploadTaskStatus.Completed, task.Status);
        Assert.Equal(["take over", "save Completed", "delete chunks"], _effects);
    }

    [Fact]
    public async Task A_candidate_that_left_merging_since_it_was_listed_is_skipped()
    {
        GivenCandidate(SampleTasks.Uploading(0), takenOver: true);

        var recovered = await Handler().Handle(new RecoverMergesCommand(), CancellationToken.None);

        Assert.Equal(new MergeRecovery(0, 0), recovered);
        Assert.Empty(_effects);
    }

    private static UploadTask MergingWithTarget()
    {
        var task = SampleTasks.Merging();
        task.RecordMergeTarget(SampleTasks.MergedMd5, SampleTasks.RelativePath, "identity", SampleTasks.Created);
        return task;
    }

    /// <param name="takenOver">What the conditional take-over answers: false when the owner renewed in between.</param>
    private UploadTask GivenCandidate(UploadTask task, bool takenOver)
    {
        _leases.Setup(l => l.FindExpiredAsync(Me, It.IsAny<DateTime>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([task.FileId]);
        _tasks.Setup(t => t.FindWithAllChunksAsync(task.FileId, It.IsAny<CancellationToken>())).ReturnsAsync(task);
        var now = _clock.GetUtcNow().UtcDateTime;
        _tasks.Setup(t => t.TakeOverMergeAsync(task, Me, now, now + Length, false, It.IsAny<CancellationToken>()))
            .Callback(() =>
            {
                if (takenOver)
                {
                    _effects.Add("take over");
                }
            })
            .ReturnsAsync(takenOver);
        return task;
    }

    private RecoverMergesHandler Handler()
    {
        var leasing = new MergeLeasing(_leases.Object, new LeasePolicy { InstanceId = Me, Length = Length }, _clock, NullLogger<MergeLease>.Instance);
        return new RecoverMergesHandler(
            _leases.Object,
            _tasks.Object,
            new InterruptedMerge(_tasks.Object, _storage.Object, leasing, NullLogger<InterruptedMerge>.Instance),
            leasing);
    }
}
