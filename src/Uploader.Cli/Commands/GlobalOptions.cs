using System.CommandLine;
using Uploader.Cli.Parsing;

namespace Uploader.Cli.Commands;

/// <summary>The options every command takes: where the server is, the key, retries and the output format.</summary>
internal sealed class GlobalOptions
{
    public const string DefaultServer = "http://localhost:18101";
    public const string ServerVariable = "UPLOADER_SERVER";
    public const string KeyVariable = "UPLOADER_KEY";

    public Option<Uri?> Server { get; } = new("--server")
    {
        Description = $"Server base URL [env: {ServerVariable}] [default: {DefaultServer}]",
        HelpName = "url",
        CustomParser = OptionParsers.ServerUrl,
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = $"API key, sent as X-Secret-Key [env: {KeyVariable}]",
        HelpName = "key",
        Recursive = true,
    };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "Retries of a request after its first attempt failed to connect, timed out, or got 408, 429 or 5xx (0: none)",
        HelpName = "n",
        DefaultValueFactory = _ => 3,
        CustomParser = OptionParsers.IntAtLeast(0),
        Recursive = true,
    };

    // Durations have no DefaultValueFactory so that help shows "1s" rather than TimeSpan's "00:00:01".
    public Option<TimeSpan?> RetryDelay { get; } = new("--retry-delay")
    {
        Description = "Delay before the first retry, doubled for each further one: 250ms, 2s, ... [default: 1s]",
        HelpName = "duration",
        CustomParser = OptionParsers.Duration,
        Recursive = true,
    };

    public Option<TimeSpan?> Timeout { get; } = new("--timeout")
    {
        Description = "Time limit of one request attempt [default: 100s]",
        HelpName = "duration",
        CustomParser = OptionParsers.Duration,
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write one JSON document (snake_case, like the server) on stdout instead of text",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Server, Key, Retries, RetryDelay, Timeout, Json];
}
