using Microsoft.Extensions.Time.Testing;
using Uploader.Api.Uploads;

namespace Uploader.Api.Tests;

/// <summary>
/// The upload places on their own: 2 places, 1 per client, a queue of 8, a 30 s queue wait on a fake clock.
/// One client's backlog waits while another client's chunk runs; a freed place goes to the oldest waiter whose
/// client is under its share; a wait past upload_queue_timeout is refused; a full queue is refused at once. The wait
/// of a tus PATCH's next chunk (<see cref="UploadSlots.WaitForAsync"/>) is neither: it is served in turn.
/// </summary>
public sealed class UploadSlotsTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();

    private UploadSlots Slots(int slots = 2, int perClient = 1) => new(slots, perClient, TimeSpan.FromSeconds(30), _clock);

    [Theory]
    [InlineData(5, 0, 3)]
    [InlineData(1, 0, 1)]
    [InlineData(4, 0, 2)]
    [InlineData(5, 2, 2)]
    [InlineData(5, 9, 5)]
    public void Max_uploads_per_client_of_0_is_half_of_concurrent_uploads_rounded_up(int slots, int configured, int share) =>
        Assert.Equal(share, UploadSlots.ShareOf(slots, configured));

    [Fact]
    public async Task A_client_at_its_share_waits_while_another_client_gets_the_free_place()
    {
        var slots = Slots();
        var (first, _) = await slots.EnterAsync("a", CancellationToken.None);
        var secondOfA = slots.EnterAsync("a", CancellationToken.None);
        Assert.False(secondOfA.IsCompleted, "client a got a second place beyond its share");

        var (ofB, refusal) = await slots.EnterAsync("b", CancellationToken.None).WaitAsync(HangGuard);
        Assert.NotNull(ofB);
        Assert.Equal(UploadSlots.Refusal.None, refusal);

        // b's place frees nothing for a (a is still at its share); a's own place does.
        ofB.Dispose();
        Assert.False(secondOfA.IsCompleted);
        first!.Dispose();
        var (granted, _) = await secondOfA.WaitAsync(HangGuard);
        Assert.NotNull(granted);
    }

    [Fact]
    public async Task A_freed_place_goes_to_the_oldest_waiter_whose_client_is_under_its_share()
    {
        var slots = Slots(slots: 2, perClient: 2);
        var (a1, _) = await slots.EnterAsync("a", CancellationToken.None);
        var (a2, _) = await slots.EnterAsync("a", CancellationToken.None);
        var a3 = slots.EnterAsync("a", CancellationToken.None);
        var b1 = slots.EnterAsync("b", CancellationToken.None);

        // a3 queued first and a is under its share of 2 again, so a3 gets the freed place; b1 the next one.
        a1!.Dispose();
        var (third, _) = await a3.WaitAsync(HangGuard);
        Assert.False(b1.IsCompleted);
        a2!.Dispose();
        var (ofB, _) = await b1.WaitAsync(HangGuard);
        Assert.NotNull(third);
        Assert.NotNull(ofB);
    }

    [Fact]
    public async Task A_wait_past_the_queue_timeout_is_refused_and_leaves_the_queue()
    {
        var slots = Slots(slots: 1);
        var (held, _) = await slots.EnterAsync("a", CancellationToken.None);
        var waiting = slots.EnterAsync("b", CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(31));
        var (slot, refusal) = await waiting.WaitAsync(HangGuard);
        Assert.Null(slot);
        Assert.Equal(UploadSlots.Refusal.WaitedTooLong, refusal);

        // The refused waiter took nothing with it: the freed place goes to the next request at once.
        held!.Dispose();
        var (next, _) = await slots.EnterAsync("c", CancellationToken.None).WaitAsync(HangGuard);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_full_queue_is_refused_at_once()
    {
        var slots = Slots(slots: 1);
        var (held, _) = await slots.EnterAsync("a", CancellationToken.None);
        var queued = Enumerable.Range(0, UploadSlots.QueueFactor).Select(i => slots.EnterAsync($"w{i}", CancellationToken.None)).ToList();

        var (slot, refusal) = await slots.EnterAsync("late", CancellationToken.None).WaitAsync(HangGuard);
        Assert.Null(slot);
        Assert.Equal(UploadSlots.Refusal.QueueFull, refusal);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        held!.Dispose();
        var (firstWaiter, _) = await queued[0].WaitAsync(HangGuard);
        Assert.NotNull(firstWaiter);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_queue()
    {
        var slots = Slots(slots: 1);
        var (held, _) = await slots.EnterAsync("a", CancellationToken.None);
        using var gone = new CancellationTokenSource();
        var waiting = slots.EnterAsync("b", gone.Token);
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(HangGuard));

        held!.Dispose();
        var (next, _) = await slots.EnterAsync("c", CancellationToken.None).WaitAsync(HangGuard);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_wait_for_a_tus_chunk_is_queued_past_a_full_queue_and_served_in_turn()
    {
        var slots = Slots(slots: 1);
        var (held, _) = await slots.EnterAsync("a", CancellationToken.None);
        var queued = Enumerable.Range(0, UploadSlots.QueueFactor).Select(i => slots.EnterAsync($"w{i}", CancellationToken.None)).ToList();
        Assert.Equal(UploadSlots.Refusal.QueueFull, (await slots.EnterAsync("late", CancellationToken.None)).Refusal);

        var patient = slots.WaitForAsync("tus", CancellationToken.None);

        held!.Dispose();
        foreach (var entered in queued)
        {
            var (slot, _) = await entered.WaitAsync(HangGuard);
            Assert.False(patient.IsCompleted, "the tus chunk went before the requests queued ahead of it");
            slot!.Dispose();
        }

        (await patient.WaitAsync(HangGuard)).Dispose();
    }

    [Fact]
    public async Task A_wait_for_a_tus_chunk_outlasts_the_queue_timeout_and_one_whose_client_went_away_leaves_the_queue()
    {
        var slots = Slots(slots: 1);
        var (held, _) = await slots.EnterAsync("a", CancellationToken.None);
        var patient = slots.WaitForAsync("b", CancellationToken.None);
        using var gone = new CancellationTokenSource();
        var abandoned = slots.WaitForAsync("c", gone.Token);

        _clock.Advance(TimeSpan.FromSeconds(31));
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(HangGuard));
        Assert.False(patient.IsCompleted, "the tus chunk got a place while the only one was held");

        held!.Dispose();
        (await patient.WaitAsync(HangGuard)).Dispose();
        var (next, refusal) = await slots.EnterAsync("d", CancellationToken.None).WaitAsync(HangGuard);
        Assert.Equal(UploadSlots.Refusal.None, refusal);
        Assert.NotNull(next);
    }
}
