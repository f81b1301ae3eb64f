namespace Uploader.Api.Tests;

public sealed class PathSafetyTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    [Theory]
    [MemberData(nameof(HostilePaths.RelativePathCases), MemberType = typeof(HostilePaths))]
    public async Task Hostile_relative_path_is_refused(string name)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(10, 10);

        var problem = await api.UploadAsync(file.Request(0) with { RelativePath = HostilePaths.RelativePaths[name] })
            .ExpectProblemAsync(400, "invalid_path");

        Assert.StartsWith("relative_path is not a safe relative path: ", problem.Str("detail"), StringComparison.Ordinal);
        await api.StatusAsync(file.FileId).ExpectProblemAsync(404, "task_not_found");
    }

    [Theory]
    [MemberData(nameof(HostilePaths.FileNameCases), MemberType = typeof(HostilePaths))]
    public async Task Hostile_filename_is_refused(string name)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(10, 10);

        var problem = await api.UploadAsync(file.Request(0) with { FileName = HostilePaths.FileNames[name] })
            .ExpectProblemAsync(400, "invalid_path");

        Assert.StartsWith("filename is not a safe relative path: ", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostilePaths.FileNameCases), MemberType = typeof(HostilePaths))]
    public async Task Hostile_chunk_part_file_name_is_refused(string name)
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(10, 10);

        await api.UploadAsync(file.Request(0) with { FileName = null, PartFileName = HostilePaths.FileNames[name] })
            .ExpectProblemAsync(400, "invalid_path");
    }

    [Fact]
    public async Task Nothing_is_written_outside_the_configured_folders()
    {
        await using var server = new UploaderFactory();
        using var api = server.CreateApi();
        var requests = HostilePaths.RelativePaths.Values.Select(path => SourceFile.Random(10, 10).Request(0) with { RelativePath = path })
            .Concat(HostilePaths.FileNames.Values.Select(name => SourceFile.Random(10, 10).Request(0) with { FileName = name }))
            .Concat(HostilePaths.FileNames.Values.Select(name => SourceFile.Random(10, 10).Request(0) with { FileName = null, PartFileName = name }));
        foreach (var request in requests)
        {
            await api.UploadAsync(request).ExpectProblemAsync(400, "invalid_path");
            await api.MergeAsync(request.FileId).ExpectProblemAsync(404, "task_not_found");
        }

        var nested = SourceFile.Random(30, 10);
        await Task.WhenAll(nested.Indexes.Select(i => api.UploadAsync(nested.Request(i) with { RelativePath = "a/b/c.txt" }).ExpectOkAsync()));
        await api.MergeOkAsync(nested);

        Assert.Equal(
            TestStore.ServerFolderEntries,
            Directory.GetFileSystemEntries(server.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["a/b/c.txt"], await server.Stored.MergedFilesAsync());
        Assert.Empty(Directory.GetFiles(server.UploadDir, "*", SearchOption.AllDirectories));
        Assert.All(HostilePaths.EscapeTargets(server.MergedDir), path => Assert.False(File.Exists(path), path));
    }
}
