using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// The merge lease columns and the `leases` table on a real SQLite file, with instances played by separate contexts:
/// every take-over and renewal is one conditional write, so of two racing exactly one wins.
/// </summary>
public abstract class LeaseStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(30);

    private TempDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TempDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private IMergeLeases MergeLeases => _db.Service<IMergeLeases>();

    private INamedLeases NamedLeases => _db.Service<INamedLeases>();

    [Fact]
    public async Task A_live_lease_is_renewed_by_its_owner_and_neither_listed_nor_taken_over_by_another_instance()
    {
        var now = TempDatabase.Now;
        var task = await MergingAsync("a", now + Length);

        Assert.True(await MergeLeases.RenewAsync(task.Id, "a", now + (2 * Length), CancellationToken.None));
        Assert.False(await MergeLeases.RenewAsync(task.Id, "b", now + (2 * Length), CancellationToken.None));
        Assert.Empty(await MergeLeases.FindExpiredAsync("b", now + Length, 10, CancellationToken.None));
        Assert.False(await TakeOverAsync(task.FileId, "b", now + Length, heldByEarlierRun: false));
        Assert.Equal([task.FileId], await MergeLeases.FindExpiredAsync("b", now + (2 * Length) + TimeSpan.FromSeconds(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Two_instances_taking_over_one_expired_lease_at_once_get_it_once_and_the_former_owner_loses_it()
    {
        var now = TempDatabase.Now;
        var task = await MergingAsync("a", now - TimeSpan.FromSeconds(1));
        await using var ownerScope = _db.NewScope();
        var ownersCopy = await ownerScope.Tasks.FindWithAllChunksAsync(task.FileId, CancellationToken.None);

        await using var first = _db.NewScope();
        await using var second = _db.NewScope();
        var firstCopy = await first.Tasks.FindWithAllChunksAsync(task.FileId, CancellationToken.None);
        var secondCopy = await second.Tasks.FindWithAllChunksAsync(task.FileId, CancellationToken.None);
        var taken = await Task.WhenAll(
            Task.Run(() => first.Tasks.TakeOverMergeAsync(firstCopy!, "b", now, now + Length, heldByEarlierRun: false, CancellationToken.None)),
            Task.Run(() => second.Tasks.TakeOverMergeAsync(secondCopy!, "c", now, now + Length, heldByEarlierRun: false, CancellationToken.None)));

        Assert.Single(taken, t => t);
        var winner = taken[0] ? "b" : "c";
        Assert.False(await MergeLeases.RenewAsync(task.Id, "a", now + Length, CancellationToken.None));
        Assert.True(await MergeLeases.RenewAsync(task.Id, winner, now + Length, CancellationToken.None));

        // The former owner's next save of the task is refused: the take-over moved the version on.
        ownersCopy!.RecordMergeTarget(new string('c', 32), "file.bin", "identity", now);
        await Assert.ThrowsAsync<ConcurrentChange>(() => ownerScope.Tasks.SaveAsync(ownersCopy, CancellationToken.None));

        // The winner's copy was read again and saves.
        var winnersScope = taken[0] ? first : second;
        var winnersCopy = taken[0] ? firstCopy! : secondCopy!;
        winnersCopy.RecoverInterruptedMerge(recordedFileIsPublished: false, now);
        await winnersScope.Tasks.SaveAsync(winnersCopy, CancellationToken.None);
        await using var check = _db.NewScope();
        Assert.Equal(UploadTaskStatus.Uploading, (await check.Tasks.FindAsync(task.FileId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task At_start_up_an_instance_takes_back_its_own_live_lease_but_never_another_instance_s()
    {
        var now = TempDatabase.Now;
        var mine = await MergingAsync("a", now + Length);
        var theirs = await MergingAsync("b", now + Length);

        Assert.False(await TakeOverAsync(mine.FileId, "a", now, heldByEarlierRun: false));
        Assert.True(await TakeOverAsync(mine.FileId, "a", now, heldByEarlierRun: true));
        Assert.False(await TakeOverAsync(theirs.FileId, "a", now, heldByEarlierRun: true));
    }

    [Fact]
    public async Task Only_expired_leases_of_other_instances_are_listed_and_a_task_claimed_without_one_is_left_to_start_up()
    {
        var now = TempDatabase.Now;
        var own = await MergingAsync("a", now - Length);
        var unleased = await MergingAsync(owner: null, until: null);

        Assert.Empty(await MergeLeases.FindExpiredAsync("a", now, 10, CancellationToken.None));
        Assert.Equal([own.FileId], await MergeLeases.FindExpiredAsync("b", now, 10, CancellationToken.None));
        Assert.True(await TakeOverAsync(unleased.FileId, "b", now, heldByEarlierRun: true));
    }

    [Fact]
    public async Task A_lease_ends_when_its_task_leaves_merging()
    {
        var now = TempDatabase.Now;
        var task = await MergingAsync("a", now + Length);
        await _db.ChangeAsync(task.FileId, t => t.AbortMerge("test", now));

        Assert.False(await MergeLeases.RenewAsync(task.Id, "a", now + Length, CancellationToken.None));
        Assert.False(await TakeOverAsync(task.FileId, "b", now + (2 * Length), heldByEarlierRun: false));
        Assert.Empty(await MergeLeases.FindExpiredAsync("b", now + (2 * Length), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Two_instances_taking_a_named_lease_that_no_one_held_yet_get_it_once()
    {
        var now = TempDatabase.Now;

        var taken = await Task.WhenAll(
            Task.Run(() => NamedLeases.TryTakeAsync("sweep", "a", now, now + Length, CancellationToken.None)),
            Task.Run(() => NamedLeases.TryTakeAsync("sweep", "b", now, now + Length, CancellationToken.None)));

        Assert.Single(taken, t => t);
    }

    [Fact]
    public async Task A_named_lease_is_refused_to_others_until_it_runs_out_or_its_owner_releases_it()
    {
        var now = TempDatabase.Now;
        Assert.True(await NamedLeases.TryTakeAsync("sweep", "a", now, now + Length, CancellationToken.None));

        Assert.False(await NamedLeases.TryTakeAsync("sweep", "b", now + Length - TimeSpan.FromSeconds(1), now + (2 * Length), CancellationToken.None));
        Assert.True(await NamedLeases.TryTakeAsync("sweep", "a", now + TimeSpan.FromSeconds(10), now + (2 * Length), CancellationToken.None));
        Assert.False(await NamedLeases.TryTakeAsync("sweep", "b", now + Length + TimeSpan.FromSeconds(1), now + (3 * Length), CancellationToken.None));
        Assert.True(await NamedLeases.TryTakeAsync("sweep", "b", now + (2 * Length) + TimeSpan.FromSeconds(1), now + (3 * Length), CancellationToken.None));

        await NamedLeases.ReleaseAsync("sweep", "a", now, CancellationToken.None);
        Assert.False(await NamedLeases.TryTakeAsync("sweep", "a", now + (2 * Length) + TimeSpan.FromSeconds(2), now + (3 * Length), CancellationToken.None));
        await NamedLeases.ReleaseAsync("sweep", "b", now + (2 * Length) + TimeSpan.FromSeconds(2), CancellationToken.None);
        Assert.True(await NamedLeases.TryTakeAsync("sweep", "a", now + (2 * Length) + TimeSpan.FromSeconds(3), now + (4 * Length), CancellationToken.None));
    }

    /// <summary>A task of one stored chunk, claimed for a merge with <paramref name="owner"/>'s lease until <paramref name="until"/> (none when null).</summary>
    private async Task<UploadTask> MergingAsync(string? owner, DateTime? until)
    {
        var task = await _db.AddTaskAsync(10, 1);
        await _db.StoreChunkAsync(task.FileId, 0, 10);
        await _db.ChangeAsync(task.FileId, t => t.BeginMerge(TempDatabase.Now));
        if (owner is not null)
        {
            await using var scope = _db.NewScope();
            await scope.Tasks.RecordMergeLeaseAsync(task.Id, owner, until!.Value, CancellationToken.None);
        }

        return task;
    }

    private async Task<bool> TakeOverAsync(string fileId, string owner, DateTime now, bool heldByEarlierRun)
    {
        await using var scope = _db.NewScope();
        var task = await scope.Tasks.FindWithAllChunksAsync(fileId, CancellationToken.None);
        return await scope.Tasks.TakeOverMergeAsync(task!, owner, now, now + Length, heldByEarlierRun, CancellationToken.None);
    }
}

public sealed class LeaseStoreOnSqliteTests() : LeaseStoreTests(DatabaseProvider.Sqlite);

public sealed class LeaseStoreOnPostgresTests() : LeaseStoreTests(DatabaseProvider.Postgres);
