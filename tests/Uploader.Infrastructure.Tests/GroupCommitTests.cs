using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// Chunk records queued while the writer waits for the database (SQLite's write lock, PostgreSQL's row locks) share
/// one transaction; none is answered before that commit, and a record refused inside the batch fails only its own
/// request.
/// </summary>
public abstract class GroupCommitTests(DatabaseProvider provider) : TaskStoreTests(provider)
{
    private const string Md5A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const int Requests = 10;

    [Fact]
    public async Task Records_queued_behind_a_held_write_lock_share_one_commit_and_are_answered_after_it()
    {
        var created = await Db.AddTaskAsync(Requests * 10, Requests);
        var paused = await Db.AddTaskAsync(10, 1);
        var scopes = new List<TempDatabase.Scope>();
        var loaded = new List<UploadTask>();
        for (var index = 0; index < Requests; index++)
        {
            var scope = Db.NewScope();
            scopes.Add(scope);
            var task = (await scope.Tasks.FindWithChunkAsync(created.FileId, index, CancellationToken.None))!;
            task.AcceptChunk(task.Admit(index, 10, task.Layout), Md5A, $"{index:D6}.v.chunk", TempDatabase.Now);
            loaded.Add(task);
        }

        var refusedScope = Db.NewScope();
        scopes.Add(refusedScope);
        var refused = (await refusedScope.Tasks.FindWithChunkAsync(paused.FileId, 0, CancellationToken.None))!;
        refused.AcceptChunk(refused.Admit(0, 10, refused.Layout), Md5A, "000000.p.chunk", TempDatabase.Now);
        await Db.ChangeAsync(paused.FileId, task => task.Pause(TempDatabase.Now));
        var writer = Db.Service<ChunkRecordWriter>();
        var commitsBefore = writer.Commits;

        List<Task> saves;
        await using (await Db.HoldWritesAsync())
        {
            saves = [.. loaded.Select((task, i) => scopes[i].Tasks.SaveChunksAsync(task, CancellationToken.None))];
            saves.Add(refusedScope.Tasks.SaveChunksAsync(refused, CancellationToken.None));

            Assert.All(saves, save => Assert.False(save.IsCompleted));
        }

        await Assert.ThrowsAsync<TaskPaused>(() => saves[^1]);
        await Task.WhenAll(saves.Take(Requests));
        Assert.InRange(writer.Commits - commitsBefore, 1, 2);
        await using var check = Db.NewScope();
        var stored = await check.Tasks.FindWithAllChunksAsync(created.FileId, CancellationToken.None);
        Assert.Equal(Requests, stored!.UploadedChunks);
        Assert.Equal(Enumerable.Range(0, Requests), stored.Chunks.Select(c => c.Index).Order());
        var pausedNow = await check.Tasks.FindWithAllChunksAsync(paused.FileId, CancellationToken.None);
        Assert.Empty(pausedNow!.Chunks);
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_mapped_column_of_a_chunk_is_written_as_EF_would_write_it()
    {
        var created = await Db.AddTaskAsync(20, 2);
        var uploadedAt = new DateTime(2026, 12, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        await Db.StoreChunkAsync(created.FileId, 1, 10, Md5A, uploadedAt);

        await using var check = Db.NewScope();
        var chunk = (await check.Tasks.FindWithAllChunksAsync(created.FileId, CancellationToken.None))!.FindChunk(1)!;

        Assert.Equal((10L, Md5A, ChunkStatus.Uploaded, uploadedAt, 0), (chunk.Size, chunk.Md5, chunk.Status, chunk.UploadedAt, chunk.RetryCount));
        Assert.EndsWith(".chunk", chunk.Location, StringComparison.Ordinal);
    }
}

public sealed class GroupCommitOnSqliteTests() : GroupCommitTests(DatabaseProvider.Sqlite);

public sealed class GroupCommitOnPostgresTests() : GroupCommitTests(DatabaseProvider.Postgres);
