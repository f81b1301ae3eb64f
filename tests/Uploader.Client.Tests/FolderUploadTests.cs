using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>A folder upload keeps each file's path relative to the folder.</summary>
public sealed class FolderUploadTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private readonly KestrelUploaderServer _server;
    private readonly TempFolder _files = new();

    public FolderUploadTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
    }

    [Fact]
    public async Task Every_file_lands_at_its_relative_path_under_the_prefix()
    {
        var folder = _files.Combine("photos");
        var sources = new Dictionary<string, string>
        {
            ["a.txt"] = SourceFiles.Write(Path.Combine(folder, "a.txt"), 10, seed: 30),
            ["sub/b.bin"] = SourceFiles.Write(Path.Combine(folder, "sub", "b.bin"), 200_000, seed: 31),
            ["sub/deeper/c d.txt"] = SourceFiles.Write(Path.Combine(folder, "sub", "deeper", "c d.txt"), 70_000, seed: 32),
            ["sub/empty.txt"] = SourceFiles.Write(Path.Combine(folder, "sub", "empty.txt"), 0, seed: 33),
            ["sub/café über.txt"] = SourceFiles.Write(Path.Combine(folder, "sub", "café über.txt"), 300, seed: 35),
        };
        var progress = new SynchronousProgress<UploadProgress>();

        var results = await _server.NewClient().UploadFolderAsync(
            folder, new UploadOptions { ChunkSize = 64 * 1024, RelativePath = "backup/2026" }, progress);

        Assert.Equal(
            sources.Keys.Select(k => $"backup/2026/{k}").Order(StringComparer.Ordinal),
            results.Select(r => r.FilePath).Order(StringComparer.Ordinal));
        foreach (var (relative, source) in sources)
        {
            SourceFiles.AssertSameBytes(source, _server.MergedFile($"backup/2026/{relative}"));
        }

        Assert.Equal(5, results.Select(r => r.FileId).Distinct().Count());
        Assert.Equal(5, progress.Reports.Count(p => p.Phase == UploadPhase.Completed));
        Assert.Equal(1 + 4 + 2 + 1 + 1, _server.Faults.Attempts("upload_chunk"));
    }

    [Fact]
    public async Task Without_a_prefix_the_paths_start_at_the_folder()
    {
        var folder = _files.Combine("plain");
        var nested = SourceFiles.Write(Path.Combine(folder, $"n-{Guid.NewGuid():N}", "x.bin"), 1234, seed: 34);

        var results = await _server.NewClient().UploadFolderAsync(folder);

        var only = Assert.Single(results);
        Assert.Equal(Path.GetRelativePath(folder, nested).Replace('\\', '/'), only.FilePath);
        SourceFiles.AssertSameBytes(nested, _server.MergedFile(only.FilePath));
    }

    [Fact]
    public async Task A_missing_folder_is_refused_before_any_request()
    {
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => _server.NewClient().UploadFolderAsync(_files.Combine("nope")));

        Assert.Equal(0, _server.Faults.Attempts("upload_status"));
    }

    public void Dispose() => _files.Dispose();
}
