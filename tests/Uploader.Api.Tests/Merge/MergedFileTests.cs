namespace Uploader.Api.Tests;

/// <summary>
/// A completed task's merged file after the merge: replaced by another task, gone, reached through a link, and
/// targets that are folders or sit below a file. The "outside" folder is a temp folder of the test.
/// </summary>
public sealed class MergedFileTests : IDisposable
{
    private const int ChunkSize = 1024;

    private readonly TempFolder _outside = new();

    public void Dispose() => _outside.Dispose();

    [Fact]
    public async Task A_file_overwritten_by_another_task_is_reported_replaced_and_deleting_the_first_task_keeps_it()
    {
        await using var server = UploaderFactory.With(config => config["on_conflict"] = "overwrite");
        using var api = server.CreateApi();
        var first = SourceFile.Random(ChunkSize + 1, ChunkSize);
        var second = SourceFile.Random(ChunkSize + 1, ChunkSize);
        await UploadAsync(api, first, "reports/q4.pdf");
        await api.MergeOkAsync(first);
        await UploadAsync(api, second, "reports/q4.pdf");
        await api.MergeOkAsync(second);

        Assert.Equal("replaced", (await api.StatusAsync(first.FileId).ExpectOkAsync()).Str("merged_file"));
        Assert.Equal("replaced", (await api.TaskAsync(first.FileId).ExpectOkAsync()).Str("merged_file"));
        Assert.Equal("present", (await api.StatusAsync(second.FileId).ExpectOkAsync()).Str("merged_file"));
        var deleted = await api.DeleteTaskAsync(first.FileId, "?delete_file=true").ExpectOkAsync();

        Assert.Equal("replaced", deleted.Str("merged_file"));
        var path = Path.Combine(server.MergedDir, "reports", "q4.pdf");
        Assert.Equal(second.Md5, Md5Hex.OfFile(path));
        await api.StatusAsync(first.FileId).ExpectProblemAsync(404, "task_not_found");
        Assert.Equal("deleted", (await api.DeleteTaskAsync(second.FileId, "?delete_file=true").ExpectOkAsync()).Str("merged_file"));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_merged_file_is_present_until_it_is_removed_and_the_delete_answer_says_what_became_of_it()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var kept = SourceFile.Random(ChunkSize, ChunkSize);
        var gone = SourceFile.Random(ChunkSize, ChunkSize);
        var unfinished = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(kept);
        await api.UploadAllAsync(gone);
        await api.UploadChunksAsync(unfinished, [0]);
        var keptPath = Path.Combine(server.MergedDir, (await api.MergeOkAsync(kept)).Str("file_path")!);
        var gonePath = Path.Combine(server.MergedDir, (await api.MergeOkAsync(gone)).Str("file_path")!);

        Assert.Equal("present", (await api.StatusAsync(kept.FileId).ExpectOkAsync()).Str("merged_file"));
        Assert.Equal("present", (await api.TaskAsync(kept.FileId).ExpectOkAsync()).Str("merged_file"));
        Assert.False((await api.StatusAsync(unfinished.FileId).ExpectOkAsync()).Has("merged_file"));
        File.Delete(gonePath);
        Assert.Equal("missing", (await api.StatusAsync(gone.FileId).ExpectOkAsync()).Str("merged_file"));

        Assert.Equal("kept", (await api.DeleteTaskAsync(kept.FileId).ExpectOkAsync()).Str("merged_file"));
        Assert.Equal("missing", (await api.DeleteTaskAsync(gone.FileId, "?delete_file=true").ExpectOkAsync()).Str("merged_file"));
        Assert.False((await api.DeleteTaskAsync(unfinished.FileId, "?delete_file=true").ExpectOkAsync()).Has("merged_file"));
        Assert.Equal(kept.Md5, Md5Hex.OfFile(keptPath));
    }

    [Fact]
    public async Task A_merge_into_a_folder_linked_out_of_merged_dir_is_refused_and_the_task_keeps_its_chunks()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var link = Path.Combine(server.MergedDir, "evil");
        Directory.CreateSymbolicLink(link, _outside.Path);
        var file = SourceFile.Random(ChunkSize + 1, ChunkSize);
        await UploadAsync(api, file, "evil/pwn.txt");

        var problem = await api.MergeAsync(file.FileId, file.Md5).ExpectProblemAsync(400, "invalid_path");

        Assert.Contains("symbolic link", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_outside.Path));
        var status = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", status.Str("status"));
        Assert.Equal(file.Indexes, status.Ints("uploaded_chunks"));
        File.Delete(link);
        Assert.Equal("evil/pwn.txt", (await api.MergeOkAsync(file)).Str("file_path"));
    }

    [Fact]
    public async Task Deleting_a_task_whose_folder_was_swapped_for_a_link_deletes_nothing_outside()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(file, [0]);
        var folder = await server.TaskDirectoryAsync(file.FileId);
        var precious = Path.Combine(_outside.Path, "precious.txt");
        await File.WriteAllTextAsync(precious, "not the server's");
        Directory.Delete(folder, recursive: true);
        Directory.CreateSymbolicLink(folder, _outside.Path);

        await api.DeleteTaskAsync(file.FileId).ExpectOkAsync();

        Assert.True(File.Exists(precious));
        Assert.False(Path.Exists(folder));
    }

    [Fact]
    public async Task Delete_file_through_a_folder_swapped_for_a_link_is_refused_and_deletes_nothing_outside()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await UploadAsync(api, file, "linked/file.bin");
        await api.MergeOkAsync(file);
        var folder = Path.Combine(server.MergedDir, "linked");
        var moved = Path.Combine(_outside.Path, "linked");
        Directory.Move(folder, moved);
        Directory.CreateSymbolicLink(folder, moved);

        var deleted = await api.DeleteTaskAsync(file.FileId, "?delete_file=true").ExpectOkAsync();

        Assert.Equal("refused", deleted.Str("merged_file"));
        Assert.Equal(file.Md5, Md5Hex.OfFile(Path.Combine(moved, "file.bin")));
        await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    [Theory]
    [InlineData("overwrite")]
    [InlineData("reject")]
    public async Task A_target_that_is_an_existing_folder_is_409_target_exists_and_the_task_keeps_its_chunks(string onConflict)
    {
        await using var server = UploaderFactory.With(config => config["on_conflict"] = onConflict);
        using var api = server.CreateApi();
        var file = SourceFile.Random(ChunkSize + 1, ChunkSize);
        Directory.CreateDirectory(Path.Combine(server.MergedDir, "taken", "inner"));
        await UploadAsync(api, file, "taken");

        await api.MergeAsync(file.FileId, file.Md5).ExpectProblemAsync(409, "target_exists");

        var status = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", status.Str("status"));
        Assert.Equal(file.Indexes, status.Ints("uploaded_chunks"));
        Assert.True(Directory.Exists(Path.Combine(server.MergedDir, "taken", "inner")));
    }

    [Fact]
    public async Task A_target_that_is_an_existing_folder_is_renamed_with_rename()
    {
        await using var server = UploaderFactory.With(config => config["on_conflict"] = "rename");
        using var api = server.CreateApi();
        var file = SourceFile.Random(ChunkSize + 1, ChunkSize);
        Directory.CreateDirectory(Path.Combine(server.MergedDir, "taken.bin"));
        await UploadAsync(api, file, "taken.bin");

        Assert.Equal("taken (1).bin", (await api.MergeOkAsync(file)).Str("file_path"));
    }

    [Theory]
    [InlineData("overwrite")]
    [InlineData("reject")]
    [InlineData("rename")]
    public async Task A_target_below_an_existing_file_is_409_target_exists_with_every_policy(string onConflict)
    {
        await using var server = UploaderFactory.With(config => config["on_conflict"] = onConflict);
        using var api = server.CreateApi();
        var file = SourceFile.Random(ChunkSize + 1, ChunkSize);
        var blocker = Path.Combine(server.MergedDir, "a.txt");
        await File.WriteAllTextAsync(blocker, "a file, not a folder");
        await UploadAsync(api, file, "a.txt/b/c.bin");

        var problem = await api.MergeAsync(file.FileId, file.Md5).ExpectProblemAsync(409, "target_exists");

        Assert.Contains("a.txt", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("uploading", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
        Assert.Equal("a file, not a folder", await File.ReadAllTextAsync(blocker));
    }

    private static async Task UploadAsync(UploaderApi api, SourceFile file, string relativePath) =>
        await Task.WhenAll(file.Indexes.Select(i => api.UploadAsync(file.Request(i) with { RelativePath = relativePath }).ExpectOkAsync()));
}
