using Uploader.Application.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// uploaded_chunks on the task row: the store adds to it in the chunk's guarded write, so requests that loaded the
/// task at the same count never overwrite each other, and it stays equal to the usable chunk rows.
/// </summary>
public abstract class UploadedChunksCountTests(DatabaseProvider provider) : TaskStoreTests(provider)
{
    private const string Md5A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Md5B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public async Task Chunks_of_tasks_loaded_at_the_same_count_add_up()
    {
        var created = await Db.AddTaskAsync(100, 4);
        await using var first = Db.NewScope();
        await using var second = Db.NewScope();
        var a = await first.Tasks.FindWithChunkAsync(created.FileId, 0, CancellationToken.None);
        var b = await second.Tasks.FindWithChunkAsync(created.FileId, 1, CancellationToken.None);

        a!.AcceptChunk(a.Admit(0, 25, a.Layout), Md5A, "000000.a.chunk", TempDatabase.Now);
        b!.AcceptChunk(b.Admit(1, 25, b.Layout), Md5A, "000001.b.chunk", TempDatabase.Now);
        await first.Tasks.SaveChunksAsync(a, CancellationToken.None);
        await second.Tasks.SaveChunksAsync(b, CancellationToken.None);

        Assert.Equal((1, 2), (a.UploadedChunks, b.UploadedChunks));
        Assert.Equal(2, await StoredCountAsync(created.FileId));
    }

    [Fact]
    public async Task A_replaced_chunk_counts_once()
    {
        var created = await Db.AddTaskAsync(100, 4);
        await Db.StoreChunkAsync(created.FileId, 0, 25, Md5A);

        await Db.StoreChunkAsync(created.FileId, 0, 25, Md5B);

        Assert.Equal(1, await StoredCountAsync(created.FileId));
    }

    [Fact]
    public async Task Corrupt_chunks_stop_counting_until_they_are_sent_again()
    {
        var created = await Db.AddTaskAsync(50, 2);
        await Db.StoreChunkAsync(created.FileId, 0, 25, Md5A);
        await Db.StoreChunkAsync(created.FileId, 1, 25, Md5A);

        await Db.ChangeAsync(created.FileId, task =>
        {
            task.BeginMerge(TempDatabase.Now);
            task.MarkChunksCorrupt([1], TempDatabase.Now);
            task.AbortMerge("corrupt", TempDatabase.Now);
        });
        var afterMerge = await StoredCountAsync(created.FileId);
        await Db.StoreChunkAsync(created.FileId, 1, 25, Md5B);

        Assert.Equal(1, afterMerge);
        Assert.Equal(2, await StoredCountAsync(created.FileId));
    }

    [Fact]
    public async Task Forgotten_chunks_no_longer_count()
    {
        var created = await Db.AddTaskAsync(100, 4);
        await Db.StoreChunkAsync(created.FileId, 0, 25, Md5A);
        await Db.StoreChunkAsync(created.FileId, 1, 25, Md5A);

        await Db.ChangeAsync(created.FileId, task => task.ForgetChunksNotIn(
            new HashSet<string>([task.FindChunk(0)!.Location], StringComparer.Ordinal), TempDatabase.Now));

        Assert.Equal(1, await StoredCountAsync(created.FileId));
    }

    [Fact]
    public async Task A_chunk_of_a_removed_task_is_refused_as_not_found()
    {
        var created = await Db.AddTaskAsync(100, 4);
        await using var uploader = Db.NewScope();
        var loaded = await uploader.Tasks.FindWithChunkAsync(created.FileId, 0, CancellationToken.None);
        await using (var remover = Db.NewScope())
        {
            var task = await remover.Tasks.FindAsync(created.FileId, CancellationToken.None);
            await remover.Tasks.RemoveAsync(task!, CancellationToken.None);
        }

        loaded!.AcceptChunk(loaded.Admit(0, 25, loaded.Layout), Md5A, "000000.a.chunk", TempDatabase.Now);

        await Assert.ThrowsAsync<TaskNotFound>(() => uploader.Tasks.SaveChunksAsync(loaded, CancellationToken.None));
    }

    private async Task<int> StoredCountAsync(string fileId)
    {
        await using var check = Db.NewScope();
        var task = await check.Tasks.FindWithAllChunksAsync(fileId, CancellationToken.None);
        Assert.Equal(task!.Chunks.Count(c => c.IsUsable), task.UploadedChunks);
        return task.UploadedChunks;
    }
}

public sealed class UploadedChunksCountOnSqliteTests() : UploadedChunksCountTests(DatabaseProvider.Sqlite);

public sealed class UploadedChunksCountOnPostgresTests() : UploadedChunksCountTests(DatabaseProvider.Postgres);
