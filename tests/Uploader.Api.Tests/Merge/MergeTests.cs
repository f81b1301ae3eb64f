namespace Uploader.Api.Tests;

public sealed class MergeTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 4096;
    private const string WrongMd5 = "00000000000000000000000000000000";

    [Fact]
    public async Task Merge_before_every_chunk_is_stored_lists_the_missing_ones()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((4 * ChunkSize) + 1, ChunkSize);
        await api.UploadChunksAsync(file, [0, 2, 4]);

        var problem = await api.MergeAsync(file.FileId).ExpectProblemAsync(400, "chunks_missing");

        Assert.Equal([1, 3], problem.Ints("missing_chunks"));
        await api.ExpectStoredAsync(file.FileId, 0, 2, 4);
    }

    [Fact]
    public async Task Merge_of_an_unknown_task_is_not_found()
    {
        using var api = factory.CreateApi();

        await api.MergeAsync($"unknown-{Guid.NewGuid():N}").ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Merge_request_that_disagrees_with_the_task_is_a_mismatch()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);

        var problem = await api.MergeAsync(file.FileId, totalChunks: 3).ExpectProblemAsync(409, "task_mismatch");

        Assert.Equal("total_chunks", problem.Str("field"));
        Assert.Equal("total_chunks is 3 but the task has 2.", problem.Str("detail"));
        Assert.False(await factory.Stored.MergedExistsAsync(file.Name));
    }

    [Fact]
    public async Task Wrong_expected_md5_leaves_no_file_and_keeps_the_chunks()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 9, ChunkSize);
        await api.UploadAllAsync(file);

        var problem = await api.MergeAsync(file.FileId, WrongMd5).ExpectProblemAsync(422, "checksum_mismatch");

        Assert.Equal(WrongMd5, problem.Str("expected_md5"));
        Assert.Equal(file.Md5, problem.Str("actual_md5"));
        Assert.False(await factory.Stored.MergedExistsAsync(file.Name));
        Assert.Empty(await factory.Stored.MergeTempFilesAsync());
        var status = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", status.Str("status"));
        Assert.Equal(file.Indexes, status.Ints("uploaded_chunks"));

        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
        Assert.Equal(file.Bytes.ToArray(), await factory.Stored.ReadMergedAsync(file.Name));
    }

    [Fact]
    public async Task Wrong_expected_md5_on_a_completed_task_is_refused()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        await api.MergeOkAsync(file);

        await api.MergeAsync(file.FileId, WrongMd5).ExpectProblemAsync(422, "checksum_mismatch");

        Assert.Equal(file.Bytes.ToArray(), await factory.Stored.ReadMergedAsync(file.Name));
    }

    [Fact]
    public async Task Chunks_that_do_not_add_up_to_file_size_are_a_size_mismatch()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(20, 10);
        await Task.WhenAll(file.Indexes.Select(i => api.UploadAsync(file.Request(i) with { FileSize = 100 }).ExpectOkAsync()));

        await api.MergeAsync(file.FileId).ExpectProblemAsync(422, "size_mismatch");

        Assert.False(await factory.Stored.MergedExistsAsync(file.Name));
        await api.ExpectStoredAsync(file.FileId, 0, 1);
    }

    [Fact]
    public async Task Chunk_changed_on_disk_is_reported_corrupt_until_sent_again()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 100, ChunkSize);
        await api.UploadAllAsync(file);
        var stored = Assert.Single(await factory.StoredChunksAsync(file.FileId, 1));
        await factory.Stored.WriteAsync(stored, SourceFile.Random(ChunkSize, ChunkSize).Chunk(0));

        var problem = await api.MergeAsync(file.FileId, file.Md5).ExpectProblemAsync(422, "corrupt_chunks");

        Assert.Equal([1], problem.Ints("corrupt_chunks"));
        Assert.False(await factory.Stored.MergedExistsAsync(file.Name));
        await api.ExpectStoredAsync(file.FileId, 0, 2);
        var missing = await api.MergeAsync(file.FileId).ExpectProblemAsync(400, "chunks_missing");
        Assert.Equal([1], missing.Ints("missing_chunks"));

        await api.UploadChunksAsync(file, [1]);
        await api.ExpectStoredAsync(file.FileId, 0, 1, 2);
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
        Assert.Equal(file.Md5, await factory.Stored.Md5OfMergedAsync(file.Name));
    }

    [Fact]
    public async Task Name_clash_with_rename_adds_a_number()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize + 1, ChunkSize);
        var stem = Path.GetFileNameWithoutExtension(file.Name);
        var existing = factory.Stored.Merged(file.Name);
        await factory.Stored.WriteTextAsync(existing, "already here");
        await api.UploadAllAsync(file);

        var merged = await api.MergeOkAsync(file);

        Assert.Equal($"{stem} (1).bin", merged.Str("file_path"));
        Assert.Equal(file.Bytes.ToArray(), await factory.Stored.ReadMergedAsync($"{stem} (1).bin"));
        Assert.Equal("already here", await factory.Stored.ReadTextAsync(existing));
        Assert.Equal($"{stem} (1).bin", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("file_path"));
    }

    [Fact]
    public async Task Name_clash_with_overwrite_replaces_the_file()
    {
        await using var server = UploaderFactory.With(config => config["on_conflict"] = "overwrite");
        using var api = server.CreateApi();
        var file = SourceFile.Random(ChunkSize + 1, ChunkSize);
        var existing = server.Stored.Merged(file.Name);
        await server.Stored.WriteTextAsync(existing, "old content");
        await api.UploadAllAsync(file);

        var merged = await api.MergeOkAsync(file);

        Assert.Equal(file.Name, merged.Str("file_path"));
        Assert.Equal(file.Bytes.ToArray(), await server.Stored.ReadAsync(existing));
        Assert.Equal([file.Name], await server.Stored.MergedFilesAsync());
    }

    [Fact]
    public async Task Name_clash_with_reject_is_refused_and_keeps_both_sides()
    {
        await using var server = UploaderFactory.With(config => config["on_conflict"] = "reject");
        using var api = server.CreateApi();
        var file = SourceFile.Random(ChunkSize + 1, ChunkSize);
        var existing = server.Stored.Merged(file.Name);
        await server.Stored.WriteTextAsync(existing, "keep me");
        await api.UploadAllAsync(file);

        await api.MergeAsync(file.FileId, file.Md5).ExpectProblemAsync(409, "target_exists");

        Assert.Equal("keep me", await server.Stored.ReadTextAsync(existing));
        Assert.Equal([file.Name], await server.Stored.MergedFilesAsync());
        var status = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", status.Str("status"));
        Assert.Equal(file.Indexes, status.Ints("uploaded_chunks"));

        await server.Stored.DeleteAsync(existing);
        Assert.Equal(file.Name, (await api.MergeOkAsync(file)).Str("file_path"));
    }
}
