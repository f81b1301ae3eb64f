using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests.Cli;

public sealed class CliTaskCommandTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private readonly KestrelUploaderServer _server;
    private readonly CliRunner _cli;
    private readonly TempFolder _files = new();

    public CliTaskCommandTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
        _cli = new CliRunner(server);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Status_shows_a_completed_upload_as_text_and_as_the_servers_json()
    {
        var path = TestFile.Create(_files.Path, "status.bin", 100_000, seed: 10);
        var uploaded = await _cli.RunAsync("upload", path, "--chunk-size", "64KiB", "--relative-path", "tasks/status.bin", "--json");
        var fileId = uploaded.Json().GetProperty("uploads")[0].GetProperty("file_id").GetString()!;

        var text = await _cli.RunAsync("status", fileId);
        var json = await _cli.RunAsync("status", fileId, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"(?m)^status\s+completed$", text.Stdout);
        Assert.Matches(@"(?m)^chunks\s+2 of 2 \(100%\)$", text.Stdout);
        Assert.Matches($@"(?m)^md5\s+{TestFile.Md5(path)}$", text.Stdout);
        Assert.Matches(@"(?m)^file_path\s+tasks/status\.bin$", text.Stdout);
        Assert.Matches(@"(?m)^merged_file\s+present$", text.Stdout);
        Assert.True(json.ExitCode == 0, json.ToString());
        var status = json.Json();
        Assert.Equal(fileId, status.GetProperty("file_id").GetString());
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal([0, 1], status.GetProperty("uploaded_chunks").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal("tasks/status.bin", status.GetProperty("file_path").GetString());
    }

    [Fact]
    public async Task Tasks_list_and_show_report_a_partial_task()
    {
        await PartialTask.CreateAsync(_server, "list-me");

        var list = await _cli.RunAsync("tasks", "list", "--status", "uploading", "--page-size", "100", "--json");
        var text = await _cli.RunAsync("tasks", "list", "--status", "uploading");
        var show = await _cli.RunAsync("tasks", "show", "list-me", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        var page = list.Json();
        Assert.Equal(100, page.GetProperty("page_size").GetInt32());
        var summary = Assert.Single(page.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("file_id").GetString() == "list-me");
        Assert.Equal(1, summary.GetProperty("uploaded_chunks").GetInt32());
        Assert.Matches(@"(?m)^FILE ID\s+STATUS\s+CHUNKS\s+SIZE\s+UPDATED\s+PATH$", text.Stdout);
        Assert.Matches(@"(?m)^list-me\s+uploading\s+1/2\s+8 B\s+.+\s+partial/list-me\.bin$", text.Stdout);
        Assert.True(show.ExitCode == 0, show.ToString());
        var chunk = Assert.Single(show.Json().GetProperty("chunks").EnumerateArray());
        Assert.Equal(4, chunk.GetProperty("size").GetInt64());
        Assert.Equal("uploaded", chunk.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pause_resume_and_delete_change_the_task_and_say_so()
    {
        await PartialTask.CreateAsync(_server, "pause-me");

        var paused = await _cli.RunAsync("tasks", "pause", "pause-me");
        var resumed = await _cli.RunAsync("tasks", "resume", "pause-me", "--json");
        var deleted = await _cli.RunAsync("tasks", "delete", "pause-me", "--json");
        var gone = await _cli.RunAsync("status", "pause-me");

        Assert.True(paused.ExitCode == 0, paused.ToString());
        Assert.Equal("pause-me: paused (1 of 2 chunks, 4 B of 8 B)", paused.Stdout.Trim());
        Assert.Equal("uploading", resumed.Json().GetProperty("status").GetString());
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("pause-me", deleted.Json().GetProperty("file_id").GetString());
        Assert.Equal(6, gone.ExitCode);
        Assert.Equal(["error: task_not_found: No task with file_id 'pause-me'."], gone.ErrorLines);
    }

    [Fact]
    public async Task Delete_with_the_file_says_when_the_server_kept_a_merged_file_that_was_replaced()
    {
        var path = TestFile.Create(_files.Path, "replaced.bin", 1_000, seed: 12);
        var uploaded = await _cli.RunAsync("upload", path, "--relative-path", $"tasks/{Guid.NewGuid():N}.bin", "--json");
        var upload = uploaded.Json().GetProperty("uploads")[0];
        var merged = _server.MergedFile(upload.GetProperty("file_path").GetString()!);
        File.Delete(merged);
        File.WriteAllText(merged, "someone else's file");

        var deleted = await _cli.RunAsync("tasks", "delete", upload.GetProperty("file_id").GetString()!, "--delete-file");

        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains("its merged file was NOT deleted: the file at its path is no longer the one this task produced", deleted.Stdout, StringComparison.Ordinal);
        Assert.Equal("someone else's file", File.ReadAllText(merged));
    }

    [Fact]
    public async Task Cleanup_removes_the_tasks_its_options_select()
    {
        await PartialTask.CreateAsync(_server, "clean-me");
        await _cli.RunAsync("tasks", "pause", "clean-me");

        var cleaned = await _cli.RunAsync("tasks", "cleanup", "--status", "paused", "--older-than", "0", "--json");
        var gone = await _cli.RunAsync("tasks", "show", "clean-me");

        Assert.True(cleaned.ExitCode == 0, cleaned.ToString());
        var result = cleaned.Json();
        Assert.Equal("ok", result.GetProperty("status").GetString());
        Assert.True(result.GetProperty("cleaned").GetInt32() >= 1);
        Assert.True(result.GetProperty("freed_bytes").GetInt64() >= 4);
        Assert.Equal(6, gone.ExitCode);
    }

    [Fact]
    public async Task Health_needs_no_key_and_exits_0_while_the_server_is_healthy()
    {
        _cli.Environment.Remove("UPLOADER_KEY");

        var text = await _cli.RunAsync("health");
        var json = await _cli.RunAsync("health", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches("^(healthy|warning) ", text.Stdout);
        Assert.Contains("database", text.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Matches("^(healthy|warning)$", json.Json().GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Object, json.Json().GetProperty("checks").ValueKind);
    }
}
