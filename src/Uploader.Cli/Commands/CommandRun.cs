using System.CommandLine;
using Uploader.Cli.Output;
using Uploader.Client;

namespace Uploader.Cli.Commands;

/// <summary>What one command invocation works with: a client for the chosen server and the chosen output format.</summary>
internal sealed class CommandRun : IDisposable
{
    private readonly HttpClient http;

    public CommandRun(CliContext cli, GlobalOptions global, ParseResult parse)
    {
        Json = parse.GetValue(global.Json);
        Output = new CommandOutput(cli.Stdout, Json);
        // The client applies its own per-attempt timeout; HttpClient's would cut a long upload short.
        http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        Client = new UploaderClient(http, ServerSettings.From(parse, global, cli.Environment).ToClientOptions());
    }

    public UploaderClient Client { get; }

    public CommandOutput Output { get; }

    public bool Json { get; }

    public void Dispose() => http.Dispose();
}
