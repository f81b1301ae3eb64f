using Microsoft.EntityFrameworkCore;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Tests;

/// <summary>Which tasks a cleanup selects on a real database, and how a task row leaves it.</summary>
public abstract class TaskCleanupStoreTests(DatabaseProvider provider) : TaskStoreTests(provider)
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Cutoff = Start.AddHours(10);

    [Fact]
    public async Task Expiry_selects_unfinished_tasks_whose_last_activity_is_before_the_cutoff()
    {
        await Db.AddTaskAsync(10, 1, "idle", Start);
        var recentChunk = await Db.AddTaskAsync(20, 2, "recent-chunk", Start);
        await Db.StoreChunkAsync(recentChunk.FileId, 0, 10, at: Start.AddHours(1));
        await Db.StoreChunkAsync(recentChunk.FileId, 1, 10, at: Cutoff.AddMinutes(1));
        var oldChunks = await Db.AddTaskAsync(20, 2, "old-chunks", Start);
        await Db.StoreChunkAsync(oldChunks.FileId, 0, 10, at: Start.AddHours(2));
        await Db.AddTaskAsync(10, 1, "recent-task", Cutoff.AddMinutes(1));
        await InStatusAsync("paused", UploadTaskStatus.Paused, Start.AddHours(1));
        await InStatusAsync("resumed-late", UploadTaskStatus.Paused, Start.AddHours(1));
        await Db.ChangeAsync("resumed-late", t => t.Resume(Cutoff.AddMinutes(1)));
        await InStatusAsync("failed", UploadTaskStatus.Failed, Start.AddHours(1));
        await InStatusAsync("completed", UploadTaskStatus.Completed, Start.AddHours(1));
        await InStatusAsync("merging", UploadTaskStatus.Merging, Start.AddHours(1));

        var selected = await SelectedAsync(CleanupCriteria.Expired(Cutoff));

        Assert.Equal(["failed", "idle", "old-chunks", "paused"], selected);
    }

    [Fact]
    public async Task A_status_filter_selects_that_status_at_any_age_and_never_a_merging_task()
    {
        await InStatusAsync("completed", UploadTaskStatus.Completed, Start.AddHours(1));
        await InStatusAsync("completed-now", UploadTaskStatus.Completed, Cutoff.AddDays(1));
        await InStatusAsync("merging", UploadTaskStatus.Merging, Start.AddHours(1));
        await Db.AddTaskAsync(10, 1, "uploading", Start);

        Assert.Equal(["completed", "completed-now"], await SelectedAsync(CleanupCriteria.Matching(UploadTaskStatus.Completed, null)));
        Assert.Equal(["completed", "uploading"], await SelectedAsync(CleanupCriteria.Matching(null, Cutoff)));
        Assert.Throws<ArgumentException>(() => CleanupCriteria.Matching(UploadTaskStatus.Merging, null));
    }

    [Fact]
    public async Task Candidates_come_in_id_order_a_page_at_a_time_and_are_re_checked_one_by_one()
    {
        for (var i = 0; i < 5; i++)
        {
            await Db.AddTaskAsync(10, 1, $"t{i}", Start);
        }

        var criteria = CleanupCriteria.Expired(Cutoff);
        await using var scope = Db.NewScope();
        var first = await scope.Maintenance.FindCleanupCandidatesAsync(criteria, null, 3, CancellationToken.None);
        var rest = await scope.Maintenance.FindCleanupCandidatesAsync(criteria, first[^1].Id, 3, CancellationToken.None);
        var all = await scope.Maintenance.FindCleanupCandidatesAsync(criteria, null, 10, CancellationToken.None);

        Assert.Equal(3, first.Count);
        Assert.Equal(2, rest.Count);
        Assert.Equal(all, [.. first, .. rest]);
        Assert.True(await scope.Maintenance.IsCleanupCandidateAsync(all[0].Id, criteria, CancellationToken.None));
        Assert.False(await scope.Maintenance.IsCleanupCandidateAsync(all[0].Id, CleanupCriteria.Expired(Start), CancellationToken.None));
    }

    [Fact]
    public async Task Removing_a_task_removes_its_chunk_rows_and_leaves_other_tasks_alone()
    {
        var removed = await Db.AddTaskAsync(20, 2, "removed");
        await Db.StoreChunkAsync(removed.FileId, 0, 10);
        await Db.StoreChunkAsync(removed.FileId, 1, 10);
        var kept = await Db.AddTaskAsync(10, 1, "kept");
        await Db.StoreChunkAsync(kept.FileId, 0, 10);

        await using (var scope = Db.NewScope())
        {
            await scope.Tasks.InTransactionAsync(
                async ct =>
                {
                    var task = await scope.Tasks.FindAsync(removed.FileId, ct);
                    await scope.Tasks.RemoveAsync(task!, ct);
                    return task;
                },
                CancellationToken.None);
        }

        await using var check = Db.NewScope();
        Assert.Null(await check.Tasks.FindAsync(removed.FileId, CancellationToken.None));
        Assert.Equal(0, await check.Db.Chunks.CountAsync(c => EF.Property<Guid>(c, "TaskId") == removed.Id));
        Assert.Single((await check.Tasks.FindWithAllChunksAsync(kept.FileId, CancellationToken.None))!.Chunks);
        Assert.Equal(
            new HashSet<Guid> { kept.Id },
            await check.Maintenance.FindExistingTaskIdsAsync([removed.Id, kept.Id, Guid.NewGuid()], CancellationToken.None));
    }

    [Fact]
    public async Task Removing_a_task_that_changed_since_it_was_loaded_is_refused()
    {
        var created = await Db.AddTaskAsync(10, 1, "changing");
        await using var scope = Db.NewScope();
        var loaded = await scope.Tasks.FindAsync(created.FileId, CancellationToken.None);
        await Db.ChangeAsync(created.FileId, t => t.Pause(TempDatabase.Now));

        await Assert.ThrowsAsync<ConcurrentChange>(() => scope.Tasks.RemoveAsync(loaded!, CancellationToken.None));

        await using var check = Db.NewScope();
        Assert.NotNull(await check.Tasks.FindAsync(created.FileId, CancellationToken.None));
    }

    private async Task InStatusAsync(string fileId, UploadTaskStatus status, DateTime at)
    {
        await Db.AddTaskAsync(10, 1, fileId, Start);
        await Db.StoreChunkAsync(fileId, 0, 10, at: Start);
        await Db.ChangeAsync(fileId, task =>
        {
            switch (status)
            {
                case UploadTaskStatus.Paused:
                    task.Pause(at);
                    break;
                case UploadTaskStatus.Merging:
                    task.BeginMerge(at);
                    break;
                case UploadTaskStatus.Completed:
                    task.BeginMerge(at);
                    task.CompleteMerge("0123456789abcdef0123456789abcdef", fileId, at);
                    break;
                case UploadTaskStatus.Failed:
                    task.BeginMerge(at);
                    task.FailMerge("disk unplugged", at);
                    break;
            }
        });
    }

    private async Task<List<string>> SelectedAsync(CleanupCriteria criteria)
    {
        await using var scope = Db.NewScope();
        var candidates = await scope.Maintenance.FindCleanupCandidatesAsync(criteria, null, 100, CancellationToken.None);
        return [.. candidates.Select(c => c.FileId).Order(StringComparer.Ordinal)];
    }
}

public sealed class TaskCleanupStoreOnSqliteTests() : TaskCleanupStoreTests(DatabaseProvider.Sqlite);

public sealed class TaskCleanupStoreOnPostgresTests() : TaskCleanupStoreTests(DatabaseProvider.Postgres);
