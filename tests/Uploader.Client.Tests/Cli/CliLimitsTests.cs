using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests.Cli;

/// <summary>
/// What the CLI checks before it sends a chunk: the server's limits (4 MiB chunks, 64 MiB files on the test server)
/// and the key. Its own server, so "no task exists" is the whole task list.
/// </summary>
public sealed class CliLimitsTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private readonly KestrelUploaderServer _server;
    private readonly CliRunner _cli;
    private readonly TempFolder _files = new();

    public CliLimitsTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
        _cli = new CliRunner(server);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_chunk_size_above_the_servers_limit_exits_2_with_one_line_naming_both_figures_and_no_task()
    {
        var path = SparseFile.Create(Path.Combine(_files.Path, "big.bin"), 5L << 20);

        var result = await _cli.RunAsync("upload", path, "--chunk-size", "8MiB");
        var tasks = await _cli.RunAsync("tasks", "list", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            "error: chunk_too_large: --chunk-size 8.0 MiB (8388608 bytes) is above the server's max_chunk_size of 4.0 MiB (4194304 bytes)",
            result.Stderr.Trim());
        Assert.Equal(0, _server.Faults.Attempts("upload_chunk"));
        Assert.Equal(0, tasks.Json().GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_wrong_key_on_a_large_file_exits_4_before_hashing_begins()
    {
        var path = SparseFile.Create(Path.Combine(_files.Path, "huge.iso"), 8L << 30);

        var result = await _cli.RunAsync("upload", path, "--key", "not-the-key");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Equal("error: unauthorized: The API key is wrong. Pass it with --key or UPLOADER_KEY.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Limits_shows_the_servers_figures_as_text_and_json()
    {
        var text = await _cli.RunAsync("limits");
        var json = await _cli.RunAsync("limits", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"(?m)^max_chunk_size\s+4\.0 MiB \(4194304 bytes\)$", text.Stdout);
        Assert.Matches(@"(?m)^allowed_extensions\s+any$", text.Stdout);
        Assert.Equal(4L << 20, json.Json().GetProperty("max_chunk_size").GetInt64());
    }
}
