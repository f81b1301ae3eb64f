using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Behaviours;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Application.Tasks.Commands.RunMerge;
using Uploader.Application.Tasks.Commands.UploadChunk;
using Uploader.Domain.Errors;

namespace Uploader.Application.Tests;

public sealed class MetricsBehaviourTests
{
    private static readonly UploadChunkCommand Chunk = new("f", 0, 1, 10, null, null, "a.bin", null, null, Mock.Of<IStagedChunk>());
    private static readonly MergeChunksCommand Merge = new("f", null, null, null, null);
    private static readonly MergeCompleted Merged = new("f", "a.bin", new string('a', 32), 10, "a.bin", Assembled: true);

    private readonly Mock<IUploadMetrics> _metrics = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Accepted_chunk_is_reported_with_its_size()
    {
        _metrics.Setup(m => m.ChunkReceived(1234));
        var result = new UploadChunkResult("f", 0, 1234, new string('a', 32), false, 1, 1, "a.bin");

        var answer = await new ChunkMetricsBehaviour(_metrics.Object).Handle(Chunk, (_, _) => ValueTask.FromResult(result), CancellationToken.None);

        Assert.Same(result, answer);
        _metrics.Verify(m => m.ChunkReceived(1234), Times.Once);
    }

    [Fact]
    public async Task Refused_chunk_is_left_to_the_host_and_the_error_goes_on()
    {
        var refusal = new TaskPaused("f");

        var thrown = await Assert.ThrowsAsync<TaskPaused>(() => new ChunkMetricsBehaviour(_metrics.Object)
            .Handle(Chunk, (_, _) => throw refusal, CancellationToken.None).AsTask());

        Assert.Same(refusal, thrown);
        _metrics.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Merge_is_reported_with_its_duration_and_no_failure()
    {
        _metrics.Setup(m => m.MergeFinished(TimeSpan.FromSeconds(3), null));

        var answer = await Behaviour().Handle(Merge, AfterThreeSeconds, CancellationToken.None);

        Assert.Equal(Merged with { MergeTime = TimeSpan.FromSeconds(3) }, answer);
        _metrics.Verify(m => m.MergeFinished(TimeSpan.FromSeconds(3), null), Times.Once);
    }

    [Fact]
    public async Task Refused_merge_is_reported_with_its_exception_and_the_error_goes_on()
    {
        var refusal = new ChunksMissing([1, 2]);
        _metrics.Setup(m => m.MergeFinished(TimeSpan.FromSeconds(3), refusal));

        var thrown = await Assert.ThrowsAsync<ChunksMissing>(() => Behaviour()
            .Handle(Merge, (_, _) => Throw(refusal), CancellationToken.None).AsTask());

        Assert.Same(refusal, thrown);
        _metrics.Verify(m => m.MergeFinished(TimeSpan.FromSeconds(3), refusal), Times.Once);
    }

    [Fact]
    public async Task A_task_merged_before_is_reported_but_keeps_a_merge_time_of_zero()
    {
        var before = Merged with { Assembled = false };
        _metrics.Setup(m => m.MergeFinished(TimeSpan.FromSeconds(3), null));

        var answer = await Behaviour().Handle(Merge, (_, _) => AfterThreeSeconds(before), CancellationToken.None);

        Assert.Same(before, answer);
        Assert.Equal(TimeSpan.Zero, ((MergeCompleted)answer).MergeTime);
        _metrics.Verify(m => m.MergeFinished(TimeSpan.FromSeconds(3), null), Times.Once);
    }

    [Fact]
    public async Task A_merge_answered_as_running_is_not_reported_until_its_background_run_ends()
    {
        var running = new MergeRunning("f");

        var answer = await Behaviour().Handle(Merge with { InBackground = true }, (_, _) => AfterThreeSeconds(running), CancellationToken.None);

        Assert.Same(running, answer);
        _metrics.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_background_run_is_timed_and_reported_like_a_waiting_merge()
    {
        _metrics.Setup(m => m.MergeFinished(TimeSpan.FromSeconds(3), null));
        var behaviour = new MergeMetricsBehaviour<RunMergeCommand, MergeChunksResult>(
            _metrics.Object, _clock, NullLogger<MergeMetricsBehaviour<RunMergeCommand, MergeChunksResult>>.Instance);

        await using var lease = new MergeLeasing(Mock.Of<IMergeLeases>(), new LeasePolicy(), _clock, NullLogger<MergeLease>.Instance)
            .Hold(Guid.NewGuid(), "f");

        var answer = await behaviour.Handle(new RunMergeCommand("f", null, lease), (_, _) => AfterThreeSeconds(Merged), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(3), Assert.IsType<MergeCompleted>(answer).MergeTime);
        _metrics.Verify(m => m.MergeFinished(TimeSpan.FromSeconds(3), null), Times.Once);
    }

    private MergeMetricsBehaviour<MergeChunksCommand, MergeChunksResult> Behaviour() =>
        new(_metrics.Object, _clock, NullLogger<MergeMetricsBehaviour<MergeChunksCommand, MergeChunksResult>>.Instance);

    private ValueTask<MergeChunksResult> AfterThreeSeconds(MergeChunksResult result)
    {
        _clock.Advance(TimeSpan.FromSeconds(3));
        return ValueTask.FromResult(result);
    }

    private ValueTask<MergeChunksResult> AfterThreeSeconds(MergeChunksCommand command, CancellationToken cancellationToken)
    {
        _clock.Advance(TimeSpan.FromSeconds(3));
        return ValueTask.FromResult<MergeChunksResult>(Merged);
    }

    private async ValueTask<MergeChunksResult> Throw(Exception error)
    {
        await Task.Yield();
        _clock.Advance(TimeSpan.FromSeconds(3));
        throw error;
    }
}
