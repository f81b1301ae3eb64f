using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests.Cli;

public sealed class CliProcessTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private const int TotalChunks = 8;

    private readonly KestrelUploaderServer _server;
    private readonly TempFolder _files = new();

    public CliProcessTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_killed_upload_rerun_sends_only_the_missing_chunks_and_merges_an_identical_file()
    {
        var path = TestFile.Create(_files.Path, "big.iso", TotalChunks * ChunkSize - 1000, seed: 30);
        var upload = UploadArguments(path, "cli/killed/big.iso");
        HoldChunksAfter(3);

        using (var first = CliProcess.Start(upload))
        {
            await CliUploadTests.Until(() => _server.Faults.Attempts("upload_chunk") >= 4);
            first.Kill();
            await first.WaitAsync();
        }

        var task = Assert.Single((await _server.NewClient().ListTasksAsync("uploading")).Tasks, t => t.RelativePath == "cli/killed/big.iso");
        Assert.Equal(3, task.UploadedChunks);
        _server.Faults.Clear();

        var rerun = await CliProcess.RunAsync(upload);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        var entry = rerun.Json().GetProperty("uploads")[0];
        Assert.Equal(task.FileId, entry.GetProperty("file_id").GetString());
        Assert.Equal(3, entry.GetProperty("chunks_skipped").GetInt32());
        Assert.Equal(TotalChunks - 3, entry.GetProperty("chunks_sent").GetInt32());
        Assert.Equal(TotalChunks - 3, _server.Faults.Attempts("upload_chunk"));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_server.MergedFile("cli/killed/big.iso")));
    }

    [Fact]
    public async Task SIGTERM_stops_the_upload_with_exit_code_130_and_one_line_on_stderr()
    {
        var path = TestFile.Create(_files.Path, "term.bin", TotalChunks * ChunkSize, seed: 31);
        HoldChunksAfter(1);

        using var process = CliProcess.Start(UploadArguments(path, "cli/term.bin"));
        await CliUploadTests.Until(() => _server.Faults.Attempts("upload_chunk") >= 2);
        process.Terminate();
        var result = await process.WaitAsync();

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Equal(["error: cancelled: stopped; run the same upload again to resume from the chunks the server holds"], result.ErrorLines);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private string[] UploadArguments(string path, string relativePath) =>
    [
        "upload", path, "--server", _server.BaseAddress.ToString(), "--key", KestrelUploaderServer.SecretKey,
        "--chunk-size", "64KiB", "--parallel", "1", "--relative-path", relativePath, "--retry-delay", "10ms", "--json",
    ];

    // The first chunks go through; the next ones hang on the server so the process can be stopped mid-upload.
    private void HoldChunksAfter(int passing)
    {
        _server.Faults.Enqueue("upload_chunk", Fault.Before(() => Task.CompletedTask), times: passing);
        _server.Faults.Enqueue("upload_chunk", Fault.Stall(TimeSpan.FromSeconds(30)), times: 20);
    }
}
