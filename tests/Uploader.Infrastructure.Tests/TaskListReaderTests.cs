using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Tests;

public abstract class TaskListReaderTests(DatabaseProvider provider) : TaskStoreTests(provider)
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Pages_list_the_newest_first_and_every_page_counts_all_tasks()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await Db.AddTaskAsync(10, 1, $"t{i}", Start.AddMinutes(i))).FileId);
        }

        var newestFirst = Enumerable.Reverse(created).ToList();
        await using var scope = Db.NewScope();
        var pages = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var found = await scope.Reader.ListAsync(null, null, page, 3, CancellationToken.None);
            Assert.Equal(7, found.Total);
            Assert.Equal(page switch { 3 => 1, 4 => 0, _ => 3 }, found.Tasks.Count);
            pages.AddRange(found.Tasks.Select(t => t.FileId));
        }

        Assert.Equal(newestFirst, pages);
    }

    [Fact]
    public async Task Tasks_created_at_the_same_instant_keep_one_order_across_pages()
    {
        for (var i = 0; i < 9; i++)
        {
            await Db.AddTaskAsync(10, 1, $"same{i}", Start);
        }

        await using var scope = Db.NewScope();
        var all = (await scope.Reader.ListAsync(null, null, 1, 9, CancellationToken.None)).Tasks.Select(t => t.FileId).ToList();
        var paged = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            paged.AddRange((await scope.Reader.ListAsync(null, null, page, 3, CancellationToken.None)).Tasks.Select(t => t.FileId));
        }

        Assert.Equal(9, all.Distinct().Count());
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task A_status_filter_lists_and_counts_only_that_status()
    {
        var paused = await Db.AddTaskAsync(10, 1, "p1", Start);
        await Db.AddTaskAsync(10, 1, "u1", Start.AddMinutes(1));
        var paused2 = await Db.AddTaskAsync(10, 1, "p2", Start.AddMinutes(2));
        await Db.ChangeAsync(paused.FileId, t => t.Pause(Start.AddHours(1)));
        await Db.ChangeAsync(paused2.FileId, t => t.Pause(Start.AddHours(1)));

        await using var scope = Db.NewScope();
        var found = await scope.Reader.ListAsync(UploadTaskStatus.Paused, null, 1, 50, CancellationToken.None);

        Assert.Equal(2, found.Total);
        Assert.Equal(["p2", "p1"], found.Tasks.Select(t => t.FileId));
        Assert.All(found.Tasks, t => Assert.Equal(UploadTaskStatus.Paused, t.Status));
        Assert.Equal(0, (await scope.Reader.ListAsync(UploadTaskStatus.Failed, null, 1, 50, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_summary_counts_only_usable_chunks_and_its_update_time_is_the_newest_activity()
    {
        var task = await Db.AddTaskAsync(100, 3, "t", Start);
        await Db.StoreChunkAsync(task.FileId, 0, 40, at: Start.AddMinutes(1));
        await Db.StoreChunkAsync(task.FileId, 1, 40, at: Start.AddMinutes(5));
        await Db.StoreChunkAsync(task.FileId, 2, 20, at: Start.AddMinutes(2));
        await Db.ChangeAsync(task.FileId, t =>
        {
            t.BeginMerge(Start.AddMinutes(3));
            t.MarkChunksCorrupt([2], Start.AddMinutes(3));
            t.AbortMerge("corrupt", Start.AddMinutes(3));
        });

        await using var scope = Db.NewScope();
        var summary = Assert.Single((await scope.Reader.ListAsync(null, null, 1, 50, CancellationToken.None)).Tasks);

        Assert.Equal((2, 80L), (summary.UploadedChunks, summary.UploadedBytes));
        Assert.Equal(Start.AddMinutes(5), summary.UpdatedAt);
        Assert.Equal(Start, summary.CreatedAt);
        Assert.Equal(66.67, summary.CompletionRate);
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_but_still_counts()
    {
        await Db.AddTaskAsync(10, 1, "only", Start);

        await using var scope = Db.NewScope();
        var found = await scope.Reader.ListAsync(null, null, int.MaxValue, 500, CancellationToken.None);

        Assert.Empty(found.Tasks);
        Assert.Equal(1, found.Total);
    }

    [Fact]
    public async Task The_detail_lists_every_chunk_row_by_index_and_the_usable_ones_as_uploaded()
    {
        var task = await Db.AddTaskAsync(100, 3, "t", Start);
        await Db.StoreChunkAsync(task.FileId, 2, 20, "22222222222222222222222222222222", Start.AddMinutes(1));
        await Db.StoreChunkAsync(task.FileId, 0, 40, "00000000000000000000000000000000", Start.AddMinutes(2));
        await Db.StoreChunkAsync(task.FileId, 1, 40, "11111111111111111111111111111111", Start.AddMinutes(3));
        await Db.StoreChunkAsync(task.FileId, 1, 40, "1111111111111111111111111111111f", Start.AddMinutes(4));
        await Db.ChangeAsync(task.FileId, t =>
        {
            t.BeginMerge(Start.AddMinutes(5));
            t.MarkChunksCorrupt([0], Start.AddMinutes(5));
            t.AbortMerge("chunk 0 rotted", Start.AddMinutes(5));
        });

        await using var scope = Db.NewScope();
        var detail = await scope.Reader.GetDetailAsync(task.FileId, CancellationToken.None);

        Assert.Equal([0, 1, 2], detail!.Chunks.Select(c => c.Index));
        Assert.Equal([ChunkStatus.Corrupt, ChunkStatus.Uploaded, ChunkStatus.Uploaded], detail.Chunks.Select(c => c.Status));
        Assert.Equal([0, 1, 0], detail.Chunks.Select(c => c.RetryCount));
        Assert.Equal("1111111111111111111111111111111f", detail.Chunks[1].Md5);
        Assert.Equal(Start.AddMinutes(4), detail.Chunks[1].UploadedAt);
        Assert.Equal([1, 2], detail.UploadedChunks);
        Assert.Equal((2, 60L), (detail.Summary.UploadedChunks, detail.Summary.UploadedBytes));
        Assert.Equal("chunk 0 rotted", detail.LastError);
        Assert.Null(detail.Md5);
        Assert.Null(detail.FilePath);
        Assert.Null(await scope.Reader.GetDetailAsync("unknown", CancellationToken.None));
    }

    [Fact]
    public async Task File_ids_by_status_are_the_oldest_first_up_to_the_limit()
    {
        for (var i = 0; i < 4; i++)
        {
            var task = await Db.AddTaskAsync(10, 1, $"p{i}", Start.AddMinutes(10 - i));
            await Db.ChangeAsync(task.FileId, t => t.Pause(Start.AddHours(1)));
        }

        await Db.AddTaskAsync(10, 1, "u", Start);

        await using var scope = Db.NewScope();
        Assert.Equal(["p3", "p2", "p1"], await scope.Maintenance.ListFileIdsAsync(UploadTaskStatus.Paused, 3, CancellationToken.None));
    }

    [Fact]
    public async Task File_ids_in_the_given_statuses_come_in_file_id_order_after_the_last_one()
    {
        foreach (var id in new[] { "d", "b", "a", "c" })
        {
            await Db.AddTaskAsync(10, 1, id, Start);
        }

        await Db.ChangeAsync("c", t => t.Pause(Start.AddHours(1)));

        await using var scope = Db.NewScope();
        UploadTaskStatus[] uploading = [UploadTaskStatus.Uploading];
        Assert.Equal(["a", "b"], await scope.Maintenance.ListFileIdsAfterAsync(uploading, null, 2, CancellationToken.None));
        Assert.Equal(["d"], await scope.Maintenance.ListFileIdsAfterAsync(uploading, "b", 2, CancellationToken.None));
        Assert.Equal(
            ["b", "c", "d"],
            await scope.Maintenance.ListFileIdsAfterAsync([UploadTaskStatus.Uploading, UploadTaskStatus.Paused], "a", 5, CancellationToken.None));
    }
}

public sealed class TaskListReaderOnSqliteTests() : TaskListReaderTests(DatabaseProvider.Sqlite);

public sealed class TaskListReaderOnPostgresTests() : TaskListReaderTests(DatabaseProvider.Postgres);
