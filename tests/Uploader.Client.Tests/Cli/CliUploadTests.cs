using System.Text.Json;
using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests.Cli;

public sealed class CliUploadTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private readonly KestrelUploaderServer _server;
    private readonly CliRunner _cli;
    private readonly TempFolder _files = new();

    public CliUploadTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
        _cli = new CliRunner(server);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Upload_merges_a_byte_identical_file_and_says_where_it_went()
    {
        var path = TestFile.Create(_files.Path, "report.bin", 300_000, seed: 1);

        var result = await _cli.RunAsync("upload", path, "--chunk-size", "64KiB", "--relative-path", "cli/report.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("uploaded cli/report.bin: 293.0 KiB, md5 " + TestFile.Md5(path), result.Stdout, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_server.MergedFile("cli/report.bin")));
    }

    [Fact]
    public async Task Upload_with_json_writes_one_snake_case_document_with_every_result_field()
    {
        var path = TestFile.Create(_files.Path, "data.bin", 200_000, seed: 2);

        var result = await _cli.RunAsync("upload", path, "--chunk-size", "64KiB", "--parallel", "2", "--relative-path", "cli/json/data.bin", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json();
        Assert.Equal("ok", report.GetProperty("status").GetString());
        Assert.Equal(1, report.GetProperty("files").GetInt32());
        Assert.Equal(200_000, report.GetProperty("bytes").GetInt64());
        var upload = Assert.Single(report.GetProperty("uploads").EnumerateArray().ToList());
        Assert.False(string.IsNullOrEmpty(upload.GetProperty("file_id").GetString()));
        Assert.Equal("cli/json/data.bin", upload.GetProperty("file_path").GetString());
        Assert.Equal("cli/json/data.bin", upload.GetProperty("relative_path").GetString());
        Assert.Equal(TestFile.Md5(path), upload.GetProperty("md5").GetString());
        Assert.Equal(200_000, upload.GetProperty("size").GetInt64());
        Assert.Equal(4, upload.GetProperty("chunks_sent").GetInt32());
        Assert.Equal(0, upload.GetProperty("chunks_skipped").GetInt32());
        Assert.True(upload.GetProperty("elapsed_ms").GetInt64() >= 0);
    }

    [Fact]
    public async Task Upload_of_a_folder_keeps_relative_paths_under_the_folder_name()
    {
        var folder = Path.Combine(_files.Path, "photos");
        var top = TestFile.Create(folder, "top.jpg", 70_000, seed: 3);
        var nested = TestFile.Create(folder, Path.Combine("2026", "nested.jpg"), 10_000, seed: 4);

        var result = await _cli.RunAsync("upload", folder, "--chunk-size", "64KiB", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var paths = result.Json().GetProperty("uploads").EnumerateArray().Select(u => u.GetProperty("file_path").GetString()).Order().ToList();
        Assert.Equal(["photos/2026/nested.jpg", "photos/top.jpg"], paths);
        Assert.Equal(File.ReadAllBytes(top), File.ReadAllBytes(_server.MergedFile("photos/top.jpg")));
        Assert.Equal(File.ReadAllBytes(nested), File.ReadAllBytes(_server.MergedFile("photos/2026/nested.jpg")));
    }

    [Fact]
    public async Task Redirected_output_gets_plain_progress_lines_on_stderr_and_only_the_result_on_stdout()
    {
        var path = TestFile.Create(_files.Path, "progress.bin", 640 * 1024, seed: 5);

        var result = await _cli.RunAsync("upload", path, "--chunk-size", "64KiB", "--parallel", "1", "--relative-path", "cli/progress.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("cli/progress.bin: hashing 640.0 KiB", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("cli/progress.bin: 50% 320.0 KiB of 640.0 KiB, chunk 5/10", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("cli/progress.bin: completed", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Cancelling_mid_upload_exits_130_and_a_rerun_sends_only_the_missing_chunks()
    {
        var path = TestFile.Create(_files.Path, "cancelled.bin", 6 * 64 * 1024, seed: 6);
        string[] upload = ["upload", path, "--chunk-size", "64KiB", "--parallel", "1", "--relative-path", "cli/cancelled.bin", "--json"];
        _server.Faults.Enqueue("upload_chunk", Fault.Before(() => Task.CompletedTask), times: 2);
        _server.Faults.Enqueue("upload_chunk", Fault.Stall(TimeSpan.FromSeconds(30)), times: 10);
        using var cancellation = new CancellationTokenSource();

        var run = _cli.RunAsync(upload, cancellation.Token);
        await Until(() => _server.Faults.Attempts("upload_chunk") >= 3);
        await cancellation.CancelAsync();
        var cancelled = await run;
        _server.Faults.Clear();
        var resumed = await _cli.RunAsync(upload);

        Assert.True(cancelled.ExitCode == 130, cancelled.ToString());
        Assert.Equal(["error: cancelled: stopped; run the same upload again to resume from the chunks the server holds"], cancelled.ErrorLines);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var entry = resumed.Json().GetProperty("uploads")[0];
        Assert.Equal(2, entry.GetProperty("chunks_skipped").GetInt32());
        Assert.Equal(4, entry.GetProperty("chunks_sent").GetInt32());
        Assert.Equal(4, _server.Faults.Attempts("upload_chunk"));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_server.MergedFile("cli/cancelled.bin")));
    }

    internal static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 20 s.");
            await Task.Delay(20);
        }
    }
}
