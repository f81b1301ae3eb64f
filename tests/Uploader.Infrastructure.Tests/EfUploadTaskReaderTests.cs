using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Tests;

public abstract class EfUploadTaskReaderTests(DatabaseProvider provider) : TaskStoreTests(provider)
{
    [Fact]
    public async Task Status_lists_only_usable_chunks_and_their_bytes()
    {
        var created = await Db.AddTaskAsync(100, 3);
        await Db.StoreChunkAsync(created.FileId, 2, 20);
        await Db.StoreChunkAsync(created.FileId, 0, 40);
        await Db.StoreChunkAsync(created.FileId, 1, 40);
        await Db.ChangeAsync(created.FileId, task =>
        {
            // The way a chunk becomes corrupt: a merge finds it and is aborted.
            task.BeginMerge(TempDatabase.Now);
            task.MarkChunksCorrupt([1], TempDatabase.Now);
            task.AbortMerge("corrupt chunk", TempDatabase.Now);
        });

        await using var scope = Db.NewScope();
        var status = await scope.Reader.GetStatusAsync(created.FileId, CancellationToken.None);

        Assert.Equal([0, 2], status!.UploadedChunks);
        Assert.Equal(60, status.UploadedBytes);
        Assert.Equal(66.67, status.CompletionRate);
        Assert.Equal(UploadTaskStatus.Uploading, status.Status);
        Assert.Null(status.Md5);
        Assert.Null(status.FilePath);
        Assert.Equal(DateTimeKind.Utc, status.UpdatedAt.Kind);
        Assert.Equal(2, (await scope.Tasks.FindAsync(created.FileId, CancellationToken.None))!.UploadedChunks);

        var summary = await scope.Reader.GetSummaryAsync(created.FileId, CancellationToken.None);
        Assert.Equal(2, summary!.UploadedChunks);
        Assert.Equal(60, summary.UploadedBytes);
        Assert.Equal("file.bin", summary.FileName);
    }

    [Fact]
    public async Task Status_of_a_completed_task_has_md5_and_file_path()
    {
        const string Md5 = "0123456789abcdef0123456789abcdef";
        var created = await Db.AddTaskAsync(10, 1);
        await Db.StoreChunkAsync(created.FileId, 0, 10);
        await Db.ChangeAsync(created.FileId, task => task.BeginMerge(TempDatabase.Now));
        await Db.ChangeAsync(created.FileId, task => task.CompleteMerge(Md5, "dir/file.bin", TempDatabase.Now));

        await using var scope = Db.NewScope();
        var status = await scope.Reader.GetStatusAsync(created.FileId, CancellationToken.None);

        Assert.Equal(UploadTaskStatus.Completed, status!.Status);
        Assert.Equal(Md5, status.Md5);
        Assert.Equal("dir/file.bin", status.FilePath);
    }

    [Fact]
    public async Task Unknown_task_has_no_status_or_summary()
    {
        await using var scope = Db.NewScope();

        Assert.Null(await scope.Reader.GetStatusAsync("unknown", CancellationToken.None));
        Assert.Null(await scope.Reader.GetSummaryAsync("unknown", CancellationToken.None));
    }
}

public sealed class EfUploadTaskReaderOnSqliteTests() : EfUploadTaskReaderTests(DatabaseProvider.Sqlite);

public sealed class EfUploadTaskReaderOnPostgresTests() : EfUploadTaskReaderTests(DatabaseProvider.Postgres);
