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
        var options = ServerSettings.From(parse, global, cli.Environment).ToClientOptions();
        http = options.CreateHttpClient();
        Client = new UploaderClient(http, options);
    }

    public UploaderClient Client { get; }

    public CommandOutput Output { get; }

    public bool Json { get; }

    public void Dispose() => http.Dispose();
}
