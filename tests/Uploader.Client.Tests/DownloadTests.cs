using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>DownloadAsync against GET files/{file_id}: whole, resumed with Range after a cut, restarted when the ETag changed, and refused.</summary>
public sealed class DownloadTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly KestrelUploaderServer _server;
    private readonly TempFolder _files = new();

    public DownloadTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_download_is_the_uploaded_file_with_its_md5_and_leaves_no_partial_file()
    {
        var (source, uploaded) = await UploadAsync("whole.bin", 5 * ChunkSize + 7, seed: 60);
        var target = _files.Combine("out", "whole.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var progress = new SynchronousProgress<DownloadProgress>();

        var result = await _server.NewClient().DownloadAsync(uploaded.FileId, target, progress: progress);

        SourceFiles.AssertSameBytes(source, target);
        Assert.Equal((uploaded.Md5, uploaded.Size, 0L), (result.Md5, result.Size, result.BytesResumed));
        Assert.False(File.Exists(target + ".part"));
        Assert.False(File.Exists(target + ".part.etag"));
        Assert.Equal((result.Size, result.Size), (progress.Reports[^1].BytesDone, progress.Reports[^1].TotalBytes));
    }

    [Fact]
    public async Task A_download_cut_mid_way_is_resumed_with_a_range_request_for_the_rest_only()
    {
        var (source, uploaded) = await UploadAsync("cut.bin", 8 * ChunkSize, seed: 61);
        var endpoint = "files/" + uploaded.FileId;
        var served = new List<(string Range, long Bytes)>();
        _server.Faults.Enqueue(endpoint, Fault.CutResponseAfter(3 * ChunkSize));
        _server.Faults.Enqueue(endpoint, Fault.Watch((range, bytes) => { lock (served) { served.Add((range, bytes)); } }));
        var target = _files.Combine("cut.bin");

        var result = await _server.NewClient().DownloadAsync(uploaded.FileId, target);

        SourceFiles.AssertSameBytes(source, target);
        Assert.Equal(2, _server.Faults.Attempts(endpoint));
        var (range, bytes) = Assert.Single(served);
        var from = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(@"^bytes=\d+-$", range);
        Assert.InRange(from, 1, 3 * ChunkSize);
        Assert.Equal(uploaded.Size - from, bytes);
        Assert.Equal(0, result.BytesResumed);
    }

    [Fact]
    public async Task A_partial_file_from_an_earlier_run_is_continued_and_one_with_another_etag_is_replaced()
    {
        var (source, uploaded) = await UploadAsync("again.bin", 4 * ChunkSize, seed: 62);
        var bytes = await File.ReadAllBytesAsync(source);
        var resumed = _files.Combine("resumed.bin");
        var stale = _files.Combine("stale.bin");
        await File.WriteAllBytesAsync(resumed + ".part", bytes[..ChunkSize]);
        await File.WriteAllTextAsync(resumed + ".part.etag", $"\"{uploaded.Md5}\"");
        await File.WriteAllBytesAsync(stale + ".part", new byte[ChunkSize]);
        await File.WriteAllTextAsync(stale + ".part.etag", "\"00000000000000000000000000000000\"");
        var client = _server.NewClient();

        var continued = await client.DownloadAsync(uploaded.FileId, resumed);
        var replaced = await client.DownloadAsync(uploaded.FileId, stale);

        SourceFiles.AssertSameBytes(source, resumed);
        SourceFiles.AssertSameBytes(source, stale);
        Assert.Equal(ChunkSize, continued.BytesResumed);
        Assert.Equal(0, replaced.BytesResumed);
    }

    [Fact]
    public async Task An_existing_target_is_refused_before_any_request_unless_overwriting()
    {
        var (source, uploaded) = await UploadAsync("exists.bin", 1000, seed: 63);
        var target = _files.Combine("exists.bin");
        await File.WriteAllTextAsync(target, "keep me");
        var client = _server.NewClient();

        await Assert.ThrowsAsync<DownloadTargetExistsException>(() => client.DownloadAsync(uploaded.FileId, target));
        Assert.Equal("keep me", await File.ReadAllTextAsync(target));
        Assert.Equal(0, _server.Faults.Attempts("files/" + uploaded.FileId));

        await client.DownloadAsync(uploaded.FileId, target, overwrite: true);
        SourceFiles.AssertSameBytes(source, target);
    }

    [Fact]
    public async Task The_servers_refusals_come_with_their_codes()
    {
        var (_, uploaded) = await UploadAsync("gone.bin", 1000, seed: 64);
        File.Delete(_server.MergedFile(uploaded.FilePath));
        await Cli.PartialTask.CreateAsync(_server, "download-unfinished");
        var client = _server.NewClient();

        var gone = await Assert.ThrowsAsync<UploaderApiException>(() => client.DownloadAsync(uploaded.FileId, _files.Combine("gone.bin")));
        var unfinished = await Assert.ThrowsAsync<UploaderApiException>(() => client.DownloadAsync("download-unfinished", _files.Combine("unfinished.bin")));
        var unknown = await Assert.ThrowsAsync<UploaderApiException>(() => client.DownloadAsync("no-such-task", _files.Combine("unknown.bin")));

        Assert.Equal((410, "file_gone"), (gone.StatusCode, gone.Code));
        Assert.Equal((409, "invalid_state"), (unfinished.StatusCode, unfinished.Code));
        Assert.Equal((404, "task_not_found"), (unknown.StatusCode, unknown.Code));
        Assert.Empty(Directory.GetFiles(_files.Path));
    }

    private async Task<(string Source, UploadResult Uploaded)> UploadAsync(string name, int size, int seed)
    {
        var source = SourceFiles.Write(_files.Combine("source", name), size, seed);
        var uploaded = await _server.NewClient().UploadFileAsync(source, new UploadOptions { ChunkSize = ChunkSize, RelativePath = $"download/{Guid.NewGuid():N}/{name}" });
        _server.Faults.Clear();
        return (source, uploaded);
    }
}
