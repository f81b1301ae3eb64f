using System.Text.Json.Nodes;

namespace Uploader.Browser.Tests.Console;

/// <summary>
/// The server the console tests drive: chunks of at most 1 MiB, so that a file of a few MiB is many chunks (the
/// console takes its chunk size from /limits) and an upload can be caught half-way.
/// </summary>
public class ConsoleServer : LiveServer
{
    public const int MaxChunkSize = 1024 * 1024;

    protected override void Configure(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config["max_chunk_size"] = MaxChunkSize;
    }
}
