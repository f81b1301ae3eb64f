using Microsoft.EntityFrameworkCore;
using Npgsql;
using Uploader.Application.Errors;
using Uploader.Application.Tasks;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Tests;

public abstract class EfUploadTaskRepositoryTests(DatabaseProvider provider) : TaskStoreTests(provider)
{
    private const string Md5A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Md5B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public async Task Merge_progress_is_recorded_only_while_merging_and_shown_only_then()
    {
        var created = await Db.AddTaskAsync(100, 2);
        await Db.StoreChunkAsync(created.FileId, 0, 50, Md5A);
        await Db.StoreChunkAsync(created.FileId, 1, 50, Md5A);
        await using (var before = Db.NewScope())
        {
            await before.Tasks.RecordMergeProgressAsync(created.Id, 40, CancellationToken.None);
            Assert.Null((await before.Reader.GetStatusAsync(created.FileId, CancellationToken.None))!.MergedBytes);
        }

        await Db.ChangeAsync(created.FileId, task => task.BeginMerge(TempDatabase.Now));
        await using (var merging = Db.NewScope())
        {
            // The write before the claim changed nothing: a merge starts from no figure, shown as 0.
            Assert.Equal(0, (await merging.Reader.GetStatusAsync(created.FileId, CancellationToken.None))!.MergedBytes);
            await merging.Tasks.RecordMergeProgressAsync(created.Id, 60, CancellationToken.None);
        }

        await using var check = Db.NewScope();
        Assert.Equal(60, (await check.Reader.GetStatusAsync(created.FileId, CancellationToken.None))!.MergedBytes);
        Assert.Equal(60, (await check.Reader.GetDetailAsync(created.FileId, CancellationToken.None))!.MergedBytes);
        var task = await check.Tasks.FindAsync(created.FileId, CancellationToken.None);
        task!.AbortMerge("test", TempDatabase.Now);
        await check.Tasks.SaveAsync(task, CancellationToken.None);
        Assert.Null((await check.Reader.GetStatusAsync(created.FileId, CancellationToken.None))!.MergedBytes);
    }

    [Fact]
    public async Task Add_or_get_returns_the_stored_task_when_the_file_id_exists()
    {
        var first = await Db.AddTaskAsync(100, 2, "same-id");

        var second = await Db.AddTaskAsync(500, 5, "same-id");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.TotalChunks);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("merge")]
    public async Task Save_chunks_refuses_a_chunk_after_another_context_changed_the_status(string change)
    {
        var created = await Db.AddTaskAsync(100, 2);
        await Db.StoreChunkAsync(created.FileId, 0, 50, Md5A);
        await Db.StoreChunkAsync(created.FileId, 1, 50, Md5A);
        await using var uploader = Db.NewScope();
        var loaded = await uploader.Tasks.FindWithChunkAsync(created.FileId, 1, CancellationToken.None);

        await Db.ChangeAsync(created.FileId, task =>
        {
            if (change == "pause")
            {
                task.Pause(TempDatabase.Now);
            }
            else
            {
                task.BeginMerge(TempDatabase.Now);
            }
        });

        loaded!.AcceptChunk(loaded!.Admit(1, 50, loaded!.Layout), Md5B, "000001.new.chunk", TempDatabase.Now);
        var refusal = await Assert.ThrowsAnyAsync<DomainException>(() => uploader.Tasks.SaveChunksAsync(loaded, CancellationToken.None));

        Assert.IsType(change == "pause" ? typeof(TaskPaused) : typeof(MergeInProgress), refusal);
        await using var check = Db.NewScope();
        var stored = await check.Tasks.FindWithAllChunksAsync(created.FileId, CancellationToken.None);
        Assert.Equal(change == "pause" ? UploadTaskStatus.Paused : UploadTaskStatus.Merging, stored!.Status);
        Assert.All(stored.Chunks, chunk => Assert.Equal(Md5A, chunk.Md5));
    }

    [Fact]
    public async Task Save_chunks_writes_the_chunk_row_and_of_the_task_row_only_its_count()
    {
        var created = await Db.AddTaskAsync(100, 2);

        await Db.StoreChunkAsync(created.FileId, 0, 50, Md5A);

        await using var check = Db.NewScope();
        var task = await check.Tasks.FindWithChunkAsync(created.FileId, 0, CancellationToken.None);
        Assert.Equal(Md5A, task!.FindChunk(0)!.Md5);
        Assert.Equal(created.Version, task.Version);
        Assert.Equal(created.UpdatedAt, task.UpdatedAt);
        Assert.Equal(UploadTaskStatus.Uploading, task.Status);
        Assert.Equal(1, task.UploadedChunks);
    }

    [Fact]
    public async Task Parallel_first_inserts_of_one_chunk_index_let_exactly_one_win()
    {
        var created = await Db.AddTaskAsync(100, 4);
        await using var a = Db.NewScope();
        await using var b = Db.NewScope();
        var taskA = await a.Tasks.FindWithChunkAsync(created.FileId, 3, CancellationToken.None);
        var taskB = await b.Tasks.FindWithChunkAsync(created.FileId, 3, CancellationToken.None);
        taskA!.AcceptChunk(taskA!.Admit(3, 25, taskA!.Layout), Md5A, "000003.a.chunk", TempDatabase.Now);
        taskB!.AcceptChunk(taskB!.Admit(3, 25, taskB!.Layout), Md5B, "000003.b.chunk", TempDatabase.Now);

        var outcomes = await Task.WhenAll(
            Outcome(() => a.Tasks.SaveChunksAsync(taskA, CancellationToken.None)),
            Outcome(() => b.Tasks.SaveChunksAsync(taskB, CancellationToken.None)));

        Assert.Single(outcomes, o => o is null);
        Assert.IsType<ConcurrentChange>(Assert.Single(outcomes, o => o is not null));
        await using var check = Db.NewScope();
        var stored = (await check.Tasks.FindWithChunkAsync(created.FileId, 3, CancellationToken.None))!.FindChunk(3)!;
        Assert.Equal(outcomes[0] is null ? Md5A : Md5B, stored.Md5);
    }

    [Fact]
    public async Task Save_refuses_a_change_to_a_task_changed_since_it_was_loaded()
    {
        var created = await Db.AddTaskAsync(100, 2);
        await using var a = Db.NewScope();
        await using var b = Db.NewScope();
        var taskA = await a.Tasks.FindAsync(created.FileId, CancellationToken.None);
        var taskB = await b.Tasks.FindAsync(created.FileId, CancellationToken.None);

        taskA!.Pause(TempDatabase.Now);
        await a.Tasks.SaveAsync(taskA, CancellationToken.None);
        taskB!.Pause(TempDatabase.Now);

        await Assert.ThrowsAsync<ConcurrentChange>(() => b.Tasks.SaveAsync(taskB, CancellationToken.None));
    }

    [Fact]
    public async Task Find_with_chunk_loads_only_that_chunk()
    {
        var created = await Db.AddTaskAsync(100, 3);
        await Db.StoreChunkAsync(created.FileId, 0, 40);
        await Db.StoreChunkAsync(created.FileId, 1, 40);

        await using var scope = Db.NewScope();
        var task = await scope.Tasks.FindWithChunkAsync(created.FileId, 1, CancellationToken.None);

        Assert.Equal(1, Assert.Single(task!.Chunks).Index);
    }

    [Fact]
    public async Task Initializer_clears_its_own_staging_only_and_keeps_a_merging_task_with_its_recorded_target_for_the_reconciliation()
    {
        var created = await Db.AddTaskAsync(10, 1);
        await Db.StoreChunkAsync(created.FileId, 0, 10);
        await Db.ChangeAsync(created.FileId, task => task.BeginMerge(TempDatabase.Now));
        await Db.ChangeAsync(created.FileId, task => task.RecordMergeTarget(new string('c', 32), "docs/a (1).bin", "test-identity", TempDatabase.Now));
        var leftover = Path.Combine(Db.UploadDir, ".staging", "local", "left.part");
        await File.WriteAllTextAsync(leftover, "x");
        var othersInFlight = Path.Combine(Db.UploadDir, ".staging", "web2_18101", "streaming.part");
        Directory.CreateDirectory(Path.GetDirectoryName(othersInFlight)!);
        await File.WriteAllTextAsync(othersInFlight, "y");

        await Db.InitializeAsync();

        await using var scope = Db.NewScope();
        var task = await scope.Tasks.FindAsync(created.FileId, CancellationToken.None);
        Assert.Equal(UploadTaskStatus.Merging, task!.Status);
        Assert.Equal("docs/a (1).bin", task.FinalPath);
        Assert.Equal(new string('c', 32), task.FileMd5);
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(othersInFlight), "another instance's in-flight body was removed");
    }

    private static async Task<Exception?> Outcome(Func<Task> save)
    {
        try
        {
            await save();
            return null;
        }
        catch (ConcurrentChange ex)
        {
            return ex;
        }
    }
}

public sealed class EfUploadTaskRepositoryOnSqliteTests() : EfUploadTaskRepositoryTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Every_connection_of_the_store_lets_SQLite_wait_for_a_busy_write_lock()
    {
        await using var scope = Db.NewScope();
        var connection = scope.Db.Database.GetDbConnection();
        await scope.Db.Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(5000L, await command.ExecuteScalarAsync());
    }
}

public sealed class EfUploadTaskRepositoryOnPostgresTests() : EfUploadTaskRepositoryTests(DatabaseProvider.Postgres)
{
    /// <summary>
    /// PostgreSQL has no busy timeout: a writer waits for the row lock of the transaction that holds the task row, then
    /// checks its condition again on the row that transaction committed.
    /// </summary>
    [Fact]
    public async Task A_chunk_record_waits_for_a_pause_another_instance_has_not_committed_and_is_refused_by_it()
    {
        var created = await Db.AddTaskAsync(100, 2);
        await using var uploader = Db.NewScope();
        var loaded = await uploader.Tasks.FindWithChunkAsync(created.FileId, 0, CancellationToken.None);
        loaded!.AcceptChunk(loaded.Admit(0, 50, loaded.Layout), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "000000.a.chunk", TempDatabase.Now);
        await using var other = (NpgsqlConnection)Db.OpenConnection();
        await using var pause = await other.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE upload_tasks SET status = @paused, version = version + 1 WHERE id = @id;", other, pause))
        {
            update.Parameters.AddWithValue("paused", TaskStatusNames.Of(UploadTaskStatus.Paused));
            update.Parameters.AddWithValue("id", created.Id);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var save = uploader.Tasks.SaveChunksAsync(loaded, CancellationToken.None);
        await using (var observer = (NpgsqlConnection)Db.OpenConnection())
        {
            await WaitUntilOneSessionWaitsForALockAsync(observer);
        }

        Assert.False(save.IsCompleted);
        await pause.CommitAsync();

        await Assert.ThrowsAsync<TaskPaused>(() => save);
        await using var check = Db.NewScope();
        var stored = await check.Tasks.FindWithAllChunksAsync(created.FileId, CancellationToken.None);
        Assert.Empty(stored!.Chunks);
        Assert.Equal(0, stored.UploadedChunks);
    }

    /// <summary>
    /// The merge claim's transaction locks the task row before it reads the chunks: a chunk that another instance is
    /// recording (its transaction holds the row) is committed first and is in the list the claim reads.
    /// </summary>
    [Fact]
    public async Task A_read_then_write_transaction_waits_for_a_chunk_record_in_flight_and_reads_its_chunk()
    {
        var created = await Db.AddTaskAsync(100, 2);
        await Db.StoreChunkAsync(created.FileId, 0, 50);
        await using var other = (NpgsqlConnection)Db.OpenConnection();
        await using var record = await other.BeginTransactionAsync();
        await using (var write = new NpgsqlCommand(
            """
            UPDATE upload_tasks SET uploaded_chunks = uploaded_chunks + 1 WHERE id = @id;
            INSERT INTO chunks (task_id, chunk_index, size, md5, location, status, uploaded_at, retry_count)
            VALUES (@id, 1, 50, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', '000001.other.chunk', @uploaded, now(), 0);
            """,
            other,
            record))
        {
            write.Parameters.AddWithValue("id", created.Id);
            write.Parameters.AddWithValue("uploaded", ChunkStatusNames.Of(ChunkStatus.Uploaded));
            await write.ExecuteNonQueryAsync();
        }

        await using var claimer = Db.NewScope();
        var claim = claimer.Tasks.InTransactionAsync(
            ct => claimer.Tasks.FindWithAllChunksAsync(created.FileId, ct), CancellationToken.None);
        await using (var observer = (NpgsqlConnection)Db.OpenConnection())
        {
            await WaitUntilOneSessionWaitsForALockAsync(observer);
        }

        Assert.False(claim.IsCompleted);
        await record.CommitAsync();

        var read = await claim;
        Assert.Equal([0, 1], read!.Chunks.Select(c => c.Index).Order());
        Assert.Equal(2, read.UploadedChunks);
    }

    /// <summary>
    /// Polls pg_stat_activity (no clock involved) until the writer's session is blocked on a lock; outside any
    /// transaction, which would keep seeing its first snapshot of the statistics.
    /// </summary>
    private static async Task WaitUntilOneSessionWaitsForALockAsync(NpgsqlConnection observer)
    {
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';", observer);
        while ((long)(await waiting.ExecuteScalarAsync())! != 1)
        {
            await Task.Delay(20);
        }
    }
}
