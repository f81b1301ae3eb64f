using System.Diagnostics;
using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests.Cli;

/// <summary>Every failure ends with its own exit code and one "error: code: message" line, never a stack trace.</summary>
public sealed class CliFailureTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private readonly KestrelUploaderServer _server;
    private readonly CliRunner _cli;
    private readonly TempFolder _files = new();

    public CliFailureTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
        _cli = new CliRunner(server);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_missing_file_exits_3_before_anything_is_sent()
    {
        var present = TestFile.Create(_files.Path, "present.bin", 1000, seed: 20);
        var missing = Path.Combine(_files.Path, "missing.iso");

        var result = await _cli.RunAsync("upload", present, missing);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"error: local_file: no such file or directory: {missing}", result.Stderr.Trim());
        Assert.Equal(0, _server.Faults.Attempts("upload_chunk"));
    }

    [Fact]
    public async Task A_wrong_key_given_as_an_option_wins_over_the_environment_and_exits_4()
    {
        var result = await _cli.RunAsync("tasks", "list", "--key", "not-the-key");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("error: unauthorized: The API key is wrong. Pass it with --key or UPLOADER_KEY.", result.Stderr.Trim());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_closed_port_exits_5_after_the_retries()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var clock = Stopwatch.StartNew();

        var result = await _cli.RunAsync("status", "any", "--server", closed.ToString(), "--retries", "2");

        Assert.Equal(5, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: unreachable: cannot reach the server at {closed}: ", line, StringComparison.Ordinal);
        Assert.Equal(line, result.Stderr.Trim());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Tasks_list_against_a_closed_port_exits_5_with_the_reason()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        var result = await _cli.RunAsync("tasks", "list", "--server", closed.ToString());

        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"error: unreachable: cannot reach the server at {closed}: Connection refused ({closed.Host}:{closed.Port})", result.Stderr.Trim());
    }

    [Fact]
    public async Task A_server_rejection_exits_6_with_its_code_and_in_json_mode_writes_an_error_document()
    {
        var text = await _cli.RunAsync("tasks", "show", "no-such-task");
        var json = await _cli.RunAsync("tasks", "show", "no-such-task", "--json");

        Assert.Equal(6, text.ExitCode);
        Assert.Equal("error: task_not_found: No task with file_id 'no-such-task'.", text.Stderr.Trim());
        Assert.Equal(6, json.ExitCode);
        var error = json.Json().GetProperty("error");
        Assert.Equal("task_not_found", error.GetProperty("code").GetString());
        Assert.Equal(404, error.GetProperty("status").GetInt32());
        Assert.Equal("No task with file_id 'no-such-task'.", error.GetProperty("message").GetString());
        Assert.Equal(6, error.GetProperty("exit_code").GetInt32());
    }

    [Fact]
    public async Task An_upload_the_server_refuses_exits_6_with_the_refusal_code()
    {
        var path = TestFile.Create(_files.Path, "escape.bin", 1000, seed: 21);

        var result = await _cli.RunAsync("upload", path, "--relative-path", "../escape.bin");

        Assert.Equal(6, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: invalid_path: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upload", "x", "--chunk-size", "banana")]
    [InlineData("upload", "a", "b", "--file-id", "one")]
    [InlineData("tasks", "list", "--status", "sleeping")]
    [InlineData("status")]
    [InlineData("frobnicate")]
    public async Task Bad_arguments_exit_2_with_a_short_message(params string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help' for usage.", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _server.Faults.Attempts("upload_chunk"));
    }
}
