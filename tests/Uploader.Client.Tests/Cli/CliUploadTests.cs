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
    public async Task Upload_of_a_folder_keeps_relative_paths_under_the_folder_name_and_asks_the_limits_once_per_run()
    {
        var folder = Path.Combine(_files.Path, "photos");
        var top = TestFile.Create(folder, "top.jpg", 70_000, seed: 3);
        var nested = TestFile.Create(folder, Path.Combine("2026", "nested.jpg"), 10_000, seed: 4);

        var single = TestFile.Create(_files.Path, "single.jpg", 1000, seed: 12);

        var result = await _cli.RunAsync("upload", folder, single, "--chunk-size", "64KiB", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, _server.Faults.Attempts("limits"));
        var paths = result.Json().GetProperty("uploads").EnumerateArray().Select(u => u.GetProperty("file_path").GetString()).Order().ToList();
        Assert.Equal(["photos/2026/nested.jpg", "photos/top.jpg", "single.jpg"], paths);
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

    [Fact]
    public async Task An_empty_files_progress_reaches_100_percent()
    {
        var path = Path.Combine(_files.Path, "empty.txt");
        await File.WriteAllBytesAsync(path, []);

        var result = await _cli.RunAsync("upload", path, "--relative-path", "cli/empty.txt");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("cli/empty.txt: 100% 0 B of 0 B, chunk 1/1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_progress_says_reconnecting_while_the_server_gives_no_answer_and_the_upload_then_finishes()
    {
        var path = TestFile.Create(_files.Path, "flaky.bin", 3 * 64 * 1024, seed: 7);
        _server.Faults.Enqueue("upload_chunk", Fault.DropConnection(bodyBytes: 1000), times: 2);

        var result = await _cli.RunAsync("upload", path, "--chunk-size", "64KiB", "--parallel", "1", "--relative-path", "cli/flaky.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^cli/flaky\.bin: reconnecting \(attempt 1, next in \d+ ms\)$", result.Stderr);
        Assert.Matches(@"(?m)^cli/flaky\.bin: reconnecting \(attempt 2, next in \d+ ms\)$", result.Stderr);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_server.MergedFile("cli/flaky.bin")));
    }

    [Fact]
    public async Task A_rerun_after_the_merged_file_was_deleted_uploads_it_again_as_a_new_task_and_says_so()
    {
        var path = TestFile.Create(_files.Path, "deleted.bin", 3 * 64 * 1024, seed: 8);
        string[] upload = ["upload", path, "--chunk-size", "64KiB", "--relative-path", "cli/deleted.bin", "--json"];
        var first = await _cli.RunAsync(upload);
        var firstId = first.Json().GetProperty("uploads")[0].GetProperty("file_id").GetString();
        File.Delete(_server.MergedFile("cli/deleted.bin"));

        var again = await _cli.RunAsync(upload);
        var text = await _cli.RunAsync(upload[..^1]);

        Assert.True(again.ExitCode == 0, again.ToString());
        var entry = again.Json().GetProperty("uploads")[0];
        Assert.NotEqual(firstId, entry.GetProperty("file_id").GetString());
        Assert.Equal(firstId, entry.GetProperty("reupload_of").GetString());
        Assert.Equal("missing", entry.GetProperty("reupload_reason").GetString());
        Assert.Equal((3, 0), (entry.GetProperty("chunks_sent").GetInt32(), entry.GetProperty("chunks_skipped").GetInt32()));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_server.MergedFile("cli/deleted.bin")));

        // The file is there again: a third run finds the new task complete and says nothing of the old one.
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.DoesNotContain("uploaded again", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 chunk(s) sent, 3 already on the server", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_text_result_says_when_a_file_went_up_again_as_a_new_task()
    {
        var path = TestFile.Create(_files.Path, "gone.bin", 1000, seed: 9);
        string[] upload = ["upload", path, "--relative-path", "cli/gone.bin"];
        Assert.Equal(0, (await _cli.RunAsync(upload)).ExitCode);
        File.Delete(_server.MergedFile("cli/gone.bin"));

        var again = await _cli.RunAsync(upload);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Matches(@"(?m)^  uploaded again as new task f-[0-9a-f]{40}: the merged file of task f-[0-9a-f]{40} is missing on the server$", again.Stdout);
    }

    [Fact]
    public async Task The_same_file_to_another_destination_is_a_new_task()
    {
        var path = TestFile.Create(_files.Path, "report.pdf", 100_000, seed: 10);

        var plain = await _cli.RunAsync("upload", path, "--chunk-size", "64KiB", "--json");
        var elsewhere = await _cli.RunAsync("upload", path, "--chunk-size", "64KiB", "--relative-path", "docs/report.pdf", "--json");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(elsewhere.ExitCode == 0, elsewhere.ToString());
        var (first, second) = (plain.Json().GetProperty("uploads")[0], elsewhere.Json().GetProperty("uploads")[0]);
        Assert.NotEqual(first.GetProperty("file_id").GetString(), second.GetProperty("file_id").GetString());
        Assert.Equal("docs/report.pdf", second.GetProperty("file_path").GetString());
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_server.MergedFile("docs/report.pdf")));
    }

    [Fact]
    public async Task A_file_of_an_uploaded_folder_uploaded_alone_is_a_new_task()
    {
        var folder = Path.Combine(_files.Path, "dir");
        var file = TestFile.Create(folder, "a.txt", 5000, seed: 11);

        var whole = await _cli.RunAsync("upload", folder, "--relative-path", "cli/alone", "--json");
        var alone = await _cli.RunAsync("upload", file, "--relative-path", "cli/alone-a.txt", "--json");

        Assert.True(whole.ExitCode == 0, whole.ToString());
        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.Equal("cli/alone/a.txt", whole.Json().GetProperty("uploads")[0].GetProperty("file_path").GetString());
        Assert.Equal("cli/alone-a.txt", alone.Json().GetProperty("uploads")[0].GetProperty("file_path").GetString());
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(_server.MergedFile("cli/alone-a.txt")));
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
