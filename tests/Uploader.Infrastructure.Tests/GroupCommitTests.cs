using Microsoft.Data.Sqlite;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// Chunk records queued while the writer waits for the database share one transaction; none is answered before that
/// commit, and a record refused inside the batch fails only its own request.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private const string Md5A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const int Requests = 10;

    private TempDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TempDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Records_queued_behind_a_held_write_lock_share_one_commit_and_are_answered_after_it()
    {
        var created = await _db.AddTaskAsync(Requests * 10, Requests);
        var paused = await _db.AddTaskAsync(10, 1);
        var scopes = new List<TempDatabase.Scope>();
        var loaded = new List<UploadTask>();
        for (var index = 0; index < Requests; index++)
        {
            var scope = _db.NewScope();
            scopes.Add(scope);
            var task = (await scope.Tasks.FindWithChunkAsync(created.FileId, index, CancellationToken.None))!;
            task.AcceptChunk(task.Admit(index, 10, task.Layout), Md5A, $"{index:D6}.v.chunk", TempDatabase.Now);
            loaded.Add(task);
        }

        var refusedScope = _db.NewScope();
        scopes.Add(refusedScope);
        var refused = (await refusedScope.Tasks.FindWithChunkAsync(paused.FileId, 0, CancellationToken.None))!;
        refused.AcceptChunk(refused.Admit(0, 10, refused.Layout), Md5A, "000000.p.chunk", TempDatabase.Now);
        await _db.ChangeAsync(paused.FileId, task => task.Pause(TempDatabase.Now));
        var writer = _db.Service<ChunkRecordWriter>();
        var commitsBefore = writer.Commits;

        List<Task> saves;
        await using (var holder = new SqliteConnection($"Data Source={_db.DatabasePath}"))
        {
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                begin.ExecuteNonQuery();
            }

            saves = [.. loaded.Select((task, i) => scopes[i].Tasks.SaveChunksAsync(task, CancellationToken.None))];
            saves.Add(refusedScope.Tasks.SaveChunksAsync(refused, CancellationToken.None));

            Assert.All(saves, save => Assert.False(save.IsCompleted));
            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        await Assert.ThrowsAsync<TaskPaused>(() => saves[^1]);
        await Task.WhenAll(saves.Take(Requests));
        Assert.InRange(writer.Commits - commitsBefore, 1, 2);
        await using var check = _db.NewScope();
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
        var created = await _db.AddTaskAsync(20, 2);
        var uploadedAt = new DateTime(2026, 12, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        await _db.StoreChunkAsync(created.FileId, 1, 10, Md5A, uploadedAt);

        await using var check = _db.NewScope();
        var chunk = (await check.Tasks.FindWithAllChunksAsync(created.FileId, CancellationToken.None))!.FindChunk(1)!;

        Assert.Equal((10L, Md5A, ChunkStatus.Uploaded, uploadedAt, 0), (chunk.Size, chunk.Md5, chunk.Status, chunk.UploadedAt, chunk.RetryCount));
        Assert.EndsWith(".chunk", chunk.Location, StringComparison.Ordinal);
    }
}
