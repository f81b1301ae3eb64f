using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests.Cli;

/// <summary>
/// Runs the CLI in-process against a test server, which it finds through UPLOADER_SERVER and UPLOADER_KEY, with
/// retry delays short enough for tests.
/// </summary>
internal sealed class CliRunner(KestrelUploaderServer server)
{
    public Dictionary<string, string> Environment { get; } = new()
    {
        ["UPLOADER_SERVER"] = server.BaseAddress.ToString(),
        ["UPLOADER_KEY"] = KestrelUploaderServer.SecretKey,
    };

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await Uploader.Cli.UploaderCli.RunAsync(
            [.. args, "--retry-delay", "10ms"], TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), Environment, cancellationToken);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
