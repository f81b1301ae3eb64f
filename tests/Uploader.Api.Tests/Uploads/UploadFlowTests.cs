namespace Uploader.Api.Tests;

public sealed class UploadFlowTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 64 * 1024;

    [Fact]
    public async Task Chunks_sent_out_of_order_and_in_parallel_merge_into_the_source_file()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((5 * ChunkSize) + 1234, ChunkSize);
        int[] firstHalf = [4, 1, 5];
        int[] rest = [3, 0, 2];

        await api.UploadChunksAsync(file, firstHalf);
        Assert.Equal(firstHalf.Order(), await api.StoredChunksAsync(file.FileId));

        await api.UploadChunksAsync(file, rest);
        var status = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal(file.Indexes, status.Ints("uploaded_chunks"));
        Assert.Equal(file.Bytes.Length, status.Number("uploaded_bytes"));
        Assert.Equal("uploading", status.Str("status"));

        var merged = await api.MergeOkAsync(file);
        Assert.Equal("ok", merged.Str("status"));
        Assert.Equal(file.Name, merged.Str("file_path"));
        Assert.Equal(file.Md5, merged.Str("md5"));
        Assert.Equal(file.Bytes.Length, merged.Number("size"));
        Assert.Equal(file.Bytes.ToArray(), await factory.Stored.ReadMergedAsync(file.Name));

        var again = await api.MergeJsonAsync(new { file_id = file.FileId, expected_md5 = file.Md5 }).ExpectOkAsync();
        Assert.Equal(merged.Str("file_path"), again.Str("file_path"));
        Assert.Equal(file.Md5, again.Str("md5"));
        Assert.Equal(file.Bytes.Length, again.Number("size"));
        Assert.Equal(0, again.Number("merge_time_ms"));

        var completed = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("completed", completed.Str("status"));
        Assert.Equal(file.Md5, completed.Str("md5"));
        Assert.Equal(file.Name, completed.Str("file_path"));
    }

    [Fact]
    public async Task Upload_answer_reports_what_the_server_stored()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 10, ChunkSize);

        var first = await api.UploadAsync(file.Request(2).WithMd5()).ExpectOkAsync();
        var plain = await api.UploadAsync(file.Request(0)).ExpectOkAsync();

        Assert.Equal("ok", first.Str("status"));
        Assert.Equal(file.FileId, first.Str("file_id"));
        Assert.Equal(2, first.Number("chunk_index"));
        Assert.Equal(10, first.Number("size"));
        Assert.Equal(Md5Hex.Of(file.Chunk(2)), first.Str("md5"));
        Assert.True(first.GetProperty("md5_checked").GetBoolean());
        Assert.Equal(1, first.Number("uploaded_chunks"));
        Assert.Equal(3, first.Number("total_chunks"));
        Assert.Equal(file.Name, first.Str("relative_path"));
        Assert.False(plain.GetProperty("md5_checked").GetBoolean());
        Assert.Equal(Md5Hex.Of(file.Chunk(0)), plain.Str("md5"));
        Assert.Equal(2, plain.Number("uploaded_chunks"));
    }

    [Fact]
    public async Task Metadata_fields_after_the_file_part_are_read()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 77, ChunkSize);

        foreach (var index in file.Indexes)
        {
            var answer = await api.UploadAsync(file.Request(index).WithMd5() with { FilePartFirst = true }).ExpectOkAsync();
            Assert.True(answer.GetProperty("md5_checked").GetBoolean());
        }

        var merged = await api.MergeOkAsync(file);
        Assert.Equal(file.Md5, merged.Str("md5"));
    }

    [Fact]
    public async Task Chunk_part_file_name_names_the_file_when_no_filename_is_sent()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(100, ChunkSize);
        var name = $"from-part-{Guid.NewGuid():N}.dat";

        var answer = await api.UploadAsync(file.Request(0) with { FileName = null, PartFileName = name }).ExpectOkAsync();
        Assert.Equal(name, answer.Str("relative_path"));

        var merged = await api.MergeAsync(file.FileId, file.Md5).ExpectOkAsync();
        Assert.Equal(name, merged.Str("file_path"));
        Assert.True(await factory.Stored.MergedExistsAsync(name));
    }

    [Fact]
    public async Task Relative_path_places_the_merged_file_in_sub_folders()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize + 5, ChunkSize);
        var path = $"nested-{Guid.NewGuid():N}/b/c.txt";

        await Task.WhenAll(file.Indexes.Select(i => api.UploadAsync(file.Request(i) with { RelativePath = path }).ExpectOkAsync()));
        var merged = await api.MergeOkAsync(file);

        Assert.Equal(path, merged.Str("file_path"));
        Assert.Equal(path, merged.Str("relative_path"));
        Assert.Equal(file.Bytes.ToArray(), await factory.Stored.ReadMergedAsync(path));
    }

    [Fact]
    public async Task Resending_the_same_bytes_changes_nothing()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 1, ChunkSize);
        await api.UploadChunksAsync(file, [0, 1]);
        var before = await factory.StoredChunksAsync(file.FileId, 0);

        var again = await api.UploadAsync(file.Request(0).WithMd5()).ExpectOkAsync();

        Assert.Equal(2, again.Number("uploaded_chunks"));
        Assert.Equal(Md5Hex.Of(file.Chunk(0)), again.Str("md5"));
        Assert.Equal(before, await factory.StoredChunksAsync(file.FileId, 0));
        Assert.Single(before);
        await api.ExpectStoredAsync(file.FileId, 0, 1);
    }

    [Fact]
    public async Task Resending_different_bytes_replaces_the_chunk()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize + 300, ChunkSize);
        await api.UploadAllAsync(file);
        var replacement = SourceFile.Random(ChunkSize, ChunkSize).Chunk(0);

        var answer = await api.UploadAsync(file.Request(0) with { Bytes = replacement }).ExpectOkAsync();

        Assert.Equal(Md5Hex.Of(replacement), answer.Str("md5"));
        Assert.Equal(2, answer.Number("uploaded_chunks"));
        var stored = Assert.Single(await factory.StoredChunksAsync(file.FileId, 0));
        Assert.Equal(replacement, await factory.Stored.ReadAsync(stored));

        byte[] expected = [.. replacement, .. file.Chunk(1)];
        var merged = await api.MergeAsync(file.FileId, Md5Hex.Of(expected)).ExpectOkAsync();
        Assert.Equal(Md5Hex.Of(expected), merged.Str("md5"));
        Assert.Equal(expected, await factory.Stored.ReadMergedAsync(file.Name));
    }

    [Fact]
    public async Task Resending_with_a_wrong_md5_is_refused_and_keeps_the_stored_chunk()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize + 300, ChunkSize);
        await api.UploadAllAsync(file);
        var other = SourceFile.Random(ChunkSize, ChunkSize).Chunk(0);

        var problem = await api.UploadAsync(file.Request(0).WithMd5() with { Bytes = other })
            .ExpectProblemAsync(422, "checksum_mismatch");

        Assert.Equal(Md5Hex.Of(file.Chunk(0)), problem.Str("expected_md5"));
        Assert.Equal(Md5Hex.Of(other), problem.Str("actual_md5"));
        var stored = Assert.Single(await factory.StoredChunksAsync(file.FileId, 0));
        Assert.Equal(file.Chunk(0), await factory.Stored.ReadAsync(stored));
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }
}
