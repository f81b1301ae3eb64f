using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;

namespace Uploader.Application.Tests;

/// <summary>A held merge lease against the lease port, on a fake clock: when it renews, with what, and when it stops.</summary>
public sealed class LeaseRenewalTests
{
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(30);
    private static readonly Guid TaskId = Guid.CreateVersion7();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero));
    private readonly Mock<IMergeLeases> _leases = new(MockBehavior.Strict);
    private readonly LeasePolicy _policy = new() { InstanceId = "web2:18101", Length = Length };
    private readonly Queue<Func<bool>> _answers = new();
    private readonly List<DateTime> _renewedUntil = [];
    private TaskCompletionSource _renewed = NewSignal();

    public LeaseRenewalTests()
    {
        _leases.Setup(l => l.RenewAsync(TaskId, "web2:18101", It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Guid _, string _, DateTime until, CancellationToken _) =>
            {
                lock (_renewedUntil)
                {
                    _renewedUntil.Add(until);
                }

                try
                {
                    return !_answers.TryDequeue(out var next) || next();
                }
                finally
                {
                    _renewed.TrySetResult();
                }
            });
    }

    [Fact]
    public async Task A_held_lease_is_renewed_every_third_of_its_length_to_one_length_ahead()
    {
        await using var lease = Hold();

        Assert.Empty(_renewedUntil);
        _clock.Advance(Length / 3 - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_renewedUntil);
        await AdvanceUntilRenewedAsync(TimeSpan.FromMilliseconds(1));
        await AdvanceUntilRenewedAsync(Length / 3);

        var start = new DateTime(2026, 12, 2, 6, 0, 0, DateTimeKind.Utc);
        Assert.Equal([start + (Length / 3) + Length, start + (2 * Length / 3) + Length], _renewedUntil);
        Assert.False(lease.IsLost);
    }

    [Fact]
    public async Task A_renewal_that_finds_another_owner_marks_the_lease_lost_and_renews_no_more()
    {
        await using var lease = Hold();
        _answers.Enqueue(() => false);

        await AdvanceUntilRenewedAsync(Length / 3);
        await WaitUntilAsync(() => lease.IsLost);
        _clock.Advance(Length);

        Assert.Single(_renewedUntil);
        await Assert.ThrowsAsync<Errors.MergeLeaseLost>(() => lease.ConfirmAsync());
        Assert.Throws<Errors.MergeLeaseLost>(lease.EnsureHeld);
        Assert.Single(_renewedUntil);
    }

    [Fact]
    public async Task A_renewal_that_fails_keeps_the_lease_and_the_next_tick_renews_again()
    {
        await using var lease = Hold();
        _answers.Enqueue(() => throw new IOException("database is locked"));

        await AdvanceUntilRenewedAsync(Length / 3);
        await AdvanceUntilRenewedAsync(Length / 3);

        Assert.Equal(2, _renewedUntil.Count);
        Assert.False(lease.IsLost);
    }

    [Fact]
    public async Task Confirming_renews_at_once_and_answers_from_that_renewal()
    {
        await using var lease = Hold();

        await lease.ConfirmAsync();
        _answers.Enqueue(() => false);
        await Assert.ThrowsAsync<Errors.MergeLeaseLost>(() => lease.ConfirmAsync());

        var now = _clock.GetUtcNow().UtcDateTime;
        Assert.Equal([now + Length, now + Length], _renewedUntil);
        Assert.True(lease.IsLost);
    }

    [Fact]
    public async Task A_disposed_lease_is_renewed_no_more()
    {
        var lease = Hold();
        await lease.DisposeAsync();
        await lease.DisposeAsync();

        _clock.Advance(3 * Length);

        Assert.Empty(_renewedUntil);
    }

    private MergeLease Hold() => new MergeLeasing(_leases.Object, _policy, _clock, NullLogger<MergeLease>.Instance).Hold(TaskId, "f");

    private async Task AdvanceUntilRenewedAsync(TimeSpan by)
    {
        _renewed = NewSignal();
        _clock.Advance(by);
        await _renewed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
