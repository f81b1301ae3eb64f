using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests.Cli;

public sealed class CliDownloadTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private readonly KestrelUploaderServer _server;
    private readonly CliRunner _cli;
    private readonly TempFolder _files = new();

    public CliDownloadTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
        _cli = new CliRunner(server);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Download_writes_the_uploaded_file_and_says_where_with_its_md5()
    {
        var (path, fileId) = await UploadAsync("report.bin", 200_000, seed: 70);
        var target = Path.Combine(_files.Path, "copy.bin");

        var result = await _cli.RunAsync("download", fileId, "-o", target);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(target));
        Assert.StartsWith($"downloaded {target}: 195.3 KiB, md5 {TestFile.Md5(path)}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("copy.bin: 100% 195.3 KiB of 195.3 KiB", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_refuses_an_existing_file_with_exit_3_unless_forced()
    {
        var (path, fileId) = await UploadAsync("kept.bin", 1000, seed: 71);
        var target = Path.Combine(_files.Path, "kept.bin");
        await File.WriteAllTextAsync(target, "mine");

        var refused = await _cli.RunAsync("download", fileId, "-o", target);
        var forced = await _cli.RunAsync("download", fileId, "-o", target, "--force", "--json");

        Assert.Equal(3, refused.ExitCode);
        Assert.Equal($"error: local_file: {target} exists already; --force overwrites it", refused.Stderr.Trim());
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(TestFile.Md5(path), forced.Json().GetProperty("md5").GetString());
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(target));
    }

    [Fact]
    public async Task Download_of_a_file_deleted_on_the_server_exits_6_with_file_gone()
    {
        var (_, fileId) = await UploadAsync("deleted.bin", 1000, seed: 72);
        var filePath = (await _server.NewClient().GetUploadStatusAsync(fileId)).FilePath!;
        File.Delete(_server.MergedFile(filePath));

        var result = await _cli.RunAsync("download", fileId, "-o", Path.Combine(_files.Path, "deleted.bin"));

        Assert.Equal(6, result.ExitCode);
        Assert.StartsWith("error: file_gone: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disk_that_refuses_the_bytes_exits_3_after_one_request_not_as_a_retried_network_fault()
    {
        var (_, fileId) = await UploadAsync("full.bin", 200_000, seed: 74);
        var target = Path.Combine(_files.Path, "full.bin");
        File.CreateSymbolicLink(target + ".part", "/dev/full");

        var result = await _cli.RunAsync("download", fileId, "-o", target);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith($"error: local_file: cannot write '{target}.part': ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(1, _server.Faults.Attempts("files/" + fileId));
    }

    [Fact]
    public async Task A_cancelled_download_exits_130_saying_a_rerun_resumes_and_the_rerun_finishes_it()
    {
        var (path, fileId) = await UploadAsync("cancelled.bin", 5000, seed: 75);
        var target = Path.Combine(_files.Path, "cancelled.bin");
        _server.Faults.Enqueue("files/" + fileId, Fault.Stall(TimeSpan.FromSeconds(30)));
        using var cancellation = new CancellationTokenSource();

        var run = _cli.RunAsync(["download", fileId, "-o", target], cancellation.Token);
        await CliUploadTests.Until(() => _server.Faults.Attempts("files/" + fileId) >= 1);
        await cancellation.CancelAsync();
        var cancelled = await run;
        var rerun = await _cli.RunAsync("download", fileId, "-o", target);

        Assert.True(cancelled.ExitCode == 130, cancelled.ToString());
        Assert.Equal(["error: cancelled: stopped; run the same download again to resume from the partial file"], cancelled.ErrorLines);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(target));
    }

    [Fact]
    public async Task Download_of_an_unknown_task_exits_6_with_task_not_found()
    {
        var result = await _cli.RunAsync("download", "no-such-task", "-o", Path.Combine(_files.Path, "nothing.bin"));

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("error: task_not_found: No task with file_id 'no-such-task'.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Download_without_an_output_path_writes_the_servers_utf8_file_name_in_the_current_folder()
    {
        var (path, fileId) = await UploadAsync("Åsa rapport 📄.pdf", 3000, seed: 73);
        var folder = Directory.CreateDirectory(Path.Combine(_files.Path, "here")).FullName;

        using var process = CliProcess.StartIn(
            folder, "download", fileId, "--server", _server.BaseAddress.ToString(), "--key", KestrelUploaderServer.SecretKey);
        var result = await process.WaitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(Path.Combine(folder, "Åsa rapport 📄.pdf")));
        Assert.Equal(["Åsa rapport 📄.pdf"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    private async Task<(string Path, string FileId)> UploadAsync(string name, int size, int seed)
    {
        var path = TestFile.Create(Path.Combine(_files.Path, "source"), name, size, seed);
        var uploaded = await _cli.RunAsync("upload", path, "--relative-path", $"cli-download/{Guid.NewGuid():N}/{name}", "--json");
        Assert.True(uploaded.ExitCode == 0, uploaded.ToString());
        return (path, uploaded.Json().GetProperty("uploads")[0].GetProperty("file_id").GetString()!);
    }
}
