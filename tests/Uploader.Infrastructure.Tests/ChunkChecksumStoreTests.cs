namespace Uploader.Infrastructure.Tests;

/// <summary>The chunk's checksum column: stored with the chunk, replaced with its bytes, null for a chunk recorded without one.</summary>
public abstract class ChunkChecksumStoreTests(DatabaseProvider provider) : TaskStoreTests(provider)
{
    private const string Md5 = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task A_recorded_checksum_is_read_back_and_a_version_without_one_clears_it()
    {
        var created = await Db.AddTaskAsync(100, 2);
        await RecordAsync(created.FileId, "00000000deadbeef");
        Assert.Equal("00000000deadbeef", await StoredChecksumAsync(created.FileId));

        await RecordAsync(created.FileId, checksum: null);

        Assert.Null(await StoredChecksumAsync(created.FileId));
    }

    private async Task RecordAsync(string fileId, string? checksum)
    {
        await using var scope = Db.NewScope();
        var task = await scope.Tasks.FindWithChunkAsync(fileId, 0, CancellationToken.None);
        task!.AcceptChunk(task.Admit(0, 50, task.Layout), Md5, $"000000.{Guid.NewGuid():N}.chunk", TempDatabase.Now, checksum);
        await scope.Tasks.SaveChunksAsync(task, CancellationToken.None);
    }

    private async Task<string?> StoredChecksumAsync(string fileId)
    {
        await using var scope = Db.NewScope();
        var task = await scope.Tasks.FindWithAllChunksAsync(fileId, CancellationToken.None);
        return task!.FindChunk(0)!.Checksum;
    }
}

public sealed class ChunkChecksumStoreOnSqliteTests() : ChunkChecksumStoreTests(DatabaseProvider.Sqlite);

public sealed class ChunkChecksumStoreOnPostgresTests() : ChunkChecksumStoreTests(DatabaseProvider.Postgres);
