namespace Uploader.Api.Tests;

/// <summary>
/// The merge's filename and relative_path name the file, as in go-uploader, whose scripts send chunks as `blob` and
/// name the file only at merge (contract, merge paragraph and v2 additions).
/// </summary>
public sealed class MergeNamingTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 1024;

    [Fact]
    public async Task Chunks_sent_as_blob_are_merged_under_the_filename_the_merge_gives()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 3, ChunkSize);
        foreach (var index in file.Indexes)
        {
            await api.UploadAsync(file.Request(index) with { FileName = null, RelativePath = null, PartFileName = "blob" }).ExpectOkAsync();
        }

        var name = $"named-at-merge-{Guid.NewGuid():N}.bin";
        var merged = await api.MergeJsonAsync(new { file_id = file.FileId, filename = name }).ExpectOkAsync();
        var detail = await api.TaskAsync(file.FileId).ExpectOkAsync();

        Assert.Equal((name, name), (merged.Str("file_path"), merged.Str("relative_path")));
        Assert.Equal(file.Md5, await factory.Stored.Md5OfMergedAsync(name));
        Assert.Equal((name, name), (detail.Str("filename"), detail.Str("relative_path")));
    }

    [Fact]
    public async Task A_relative_path_at_merge_wins_over_the_chunks_and_over_the_merges_filename()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAsync(file.Request(0) with { RelativePath = $"first/{file.Name}" }).ExpectOkAsync();
        var path = $"later-{Guid.NewGuid():N}/deep/final.bin";

        var merged = await api.MergeJsonAsync(new { file_id = file.FileId, filename = "ignored.bin", relative_path = path }).ExpectOkAsync();

        Assert.Equal(path, merged.Str("relative_path"));
        Assert.Equal(file.Md5, await factory.Stored.Md5OfMergedAsync(path));
        Assert.False(await factory.Stored.MergedExistsAsync($"first/{file.Name}"));
    }

    [Fact]
    public async Task A_filename_alone_keeps_the_folder_the_chunks_gave()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        var folder = $"album-{Guid.NewGuid():N}";
        await api.UploadAsync(file.Request(0) with { RelativePath = $"{folder}/{file.Name}" }).ExpectOkAsync();

        var merged = await api.MergeJsonAsync(new { file_id = file.FileId, filename = "cover.jpg" }).ExpectOkAsync();

        Assert.Equal($"{folder}/cover.jpg", merged.Str("relative_path"));
    }

    [Theory]
    [InlineData("../escape.bin", "relative_path")]
    [InlineData("a/../../escape.bin", "relative_path")]
    public async Task A_hostile_name_at_merge_is_refused_and_the_task_keeps_its_chunks_and_name(string path, string field)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);

        var problem = await api.MergeJsonAsync(new { file_id = file.FileId, relative_path = path }).ExpectProblemAsync(400, "invalid_path");
        var detail = await api.TaskAsync(file.FileId).ExpectOkAsync();

        Assert.StartsWith($"{field} is not a safe relative path", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(("uploading", file.Name), (detail.Str("status"), detail.Str("filename")));
        await api.ExpectStoredAsync(file.FileId, [.. file.Indexes]);
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Fact]
    public async Task A_filename_with_a_separator_at_merge_is_refused()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);

        var problem = await api.MergeJsonAsync(new { file_id = file.FileId, filename = "a/b.bin" }).ExpectProblemAsync(400, "invalid_path");

        Assert.StartsWith("filename is not a safe relative path", problem.Str("detail"), StringComparison.Ordinal);
    }
}
