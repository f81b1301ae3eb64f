namespace Uploader.Api.Tests;

/// <summary>DELETE /go-uploader/tasks/{file_id}[?delete_file=true].</summary>
public sealed class TaskDeleteTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 1024;

    [Fact]
    public async Task Deleting_a_task_removes_it_with_its_chunk_files()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 1, ChunkSize);
        await api.UploadChunksAsync(file, [0, 1]);
        var taskId = await factory.TaskIdAsync(file.FileId);
        Assert.Equal(2, (await factory.Stored.ChunksAsync(taskId)).Length);

        var deleted = await api.DeleteTaskAsync(file.FileId).ExpectOkAsync();

        Assert.Equal(["file_id", "status"], deleted.FieldNames());
        Assert.Equal(("ok", file.FileId), (deleted.Str("status"), deleted.Str("file_id")));
        Assert.Empty(await factory.Stored.ChunksAsync(taskId));
        await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
        await api.DeleteTaskAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task A_deleted_file_id_starts_a_new_task_from_scratch()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(file, [0]);
        await api.DeleteTaskAsync(file.FileId).ExpectOkAsync();

        await api.UploadChunksAsync(file, [1]);

        await api.ExpectStoredAsync(file.FileId, 1);
    }

    [Fact]
    public async Task Deleting_a_completed_task_keeps_its_merged_file_unless_delete_file_is_true()
    {
        using var api = factory.CreateApi();
        var kept = SourceFile.Random(ChunkSize, ChunkSize);
        var removed = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(kept);
        await api.UploadAllAsync(removed);
        var keptPath = factory.Stored.Merged((await api.MergeOkAsync(kept)).Str("file_path")!);
        var removedPath = factory.Stored.Merged((await api.MergeOkAsync(removed)).Str("file_path")!);

        await api.DeleteTaskAsync(kept.FileId).ExpectOkAsync();
        await api.DeleteTaskAsync(removed.FileId, "?delete_file=true").ExpectOkAsync();

        Assert.Equal(kept.Md5, await factory.Stored.Md5OfAsync(keptPath));
        Assert.False(await factory.Stored.ExistsAsync(removedPath));
        await api.StatusAsync(kept.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Delete_file_on_an_unfinished_task_deletes_only_the_task()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        var before = await factory.Stored.MergedFilesAsync();

        await api.DeleteTaskAsync(file.FileId, "?delete_file=true").ExpectOkAsync();

        Assert.Equal(before, await factory.Stored.MergedFilesAsync());
    }

    [Fact]
    public async Task A_task_being_merged_cannot_be_deleted()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        await factory.ChangeTaskAsync(file.FileId, task => task.BeginMerge(DateTime.UtcNow));

        await api.DeleteTaskAsync(file.FileId, "?delete_file=true").ExpectProblemAsync(409, "merge_in_progress");

        Assert.Equal("merging", await api.TaskStatusAsync(file.FileId));
        Assert.Single(await factory.StoredChunksAsync(file.FileId, 1));
    }

    [Fact]
    public async Task A_delete_file_that_is_not_a_boolean_is_refused()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);

        await api.DeleteTaskAsync(file.FileId, "?delete_file=maybe").ExpectInvalidFieldAsync("delete_file");

        Assert.Equal("uploading", await api.TaskStatusAsync(file.FileId));
    }
}
