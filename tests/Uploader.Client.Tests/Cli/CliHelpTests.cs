namespace Uploader.Client.Tests.Cli;

/// <summary>--help is the first thing a new user reads: examples to copy, the server's chunk limit, what is retried.</summary>
public sealed class CliHelpTests
{
    [Theory]
    [InlineData("upload", "uploader upload big.iso --relative-path isos/big.iso")]
    [InlineData("download", "uploader download report-2026 -o ~/report.pdf --force")]
    [InlineData("tasks list", "uploader tasks list --status failed")]
    [InlineData("limits", "uploader limits")]
    public async Task Help_shows_examples(string command, string example)
    {
        var help = await HelpAsync([.. command.Split(' '), "--help"]);

        Assert.Contains("Examples:", help, StringComparison.Ordinal);
        Assert.Contains(example, help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_help_names_the_servers_chunk_limit_and_retries_help_agrees_with_the_docs()
    {
        var help = await HelpAsync(["upload", "--help"]);

        Assert.Contains("at most the server's max_chunk_size, 100MiB unless the server sets another ('uploader limits' shows it)", help, StringComparison.Ordinal);
        Assert.Contains("timed out, or got 408, 429 or 5xx", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_list_keeps_one_line_per_command_and_only_the_asked_commands_examples_show()
    {
        var help = await HelpAsync(["--help"]);

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(help, "Examples:"));
        Assert.Contains("upload <path> Upload files and folders; a rerun resumes what the server already holds download <file_id>", help, StringComparison.Ordinal);
    }

    private static async Task<string> HelpAsync(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await Uploader.Cli.UploaderCli.RunAsync(args, stdout, stderr, new Dictionary<string, string>());
        Assert.True(exitCode == 0, stderr.ToString());

        // Help wraps long descriptions to the console's width: compare the words, not the line breaks.
        return System.Text.RegularExpressions.Regex.Replace(stdout.ToString(), @"\s+", " ");
    }
}
