using System.CommandLine;
using Uploader.Cli.Parsing;
using Uploader.Client;

namespace Uploader.Cli.Commands;

/// <summary>The arguments and options of <c>uploader upload</c>, and the client's upload options made from them.</summary>
internal sealed class UploadCommandOptions
{
    private const long DefaultChunkSize = 8L << 20;

    public Argument<string[]> Paths { get; } = new("path")
    {
        Description = "Files and folders to upload; a folder goes recursively, under its own name, keeping relative paths",
        Arity = ArgumentArity.OneOrMore,
    };

    // No DefaultValueFactory: help then shows "8MiB" from the description rather than 8388608.
    public Option<long?> ChunkSize { get; } = new("--chunk-size")
    {
        Description = "Bytes per chunk: 8MiB, 512KiB, 1GiB or a number of bytes; at most the server's max_chunk_size, 100MiB unless the server sets another ('uploader limits' shows it) [default: 8MiB]",
        HelpName = "size",
        CustomParser = OptionParsers.Size,
    };

    public Option<int> Parallel { get; } = new("--parallel")
    {
        Description = "Chunks of a file in flight at once",
        HelpName = "n",
        DefaultValueFactory = _ => 4,
        CustomParser = OptionParsers.IntAtLeast(1),
    };

    public Option<string?> RelativePath { get; } = new("--relative-path")
    {
        Description = "Where the file goes under the server's merged folder; for a folder, the prefix of its files",
        HelpName = "path",
    };

    public Option<string?> FileId { get; } = new("--file-id")
    {
        Description = "Task id to use instead of the one derived from the file (path, size, time, chunk size, destination)",
        HelpName = "id",
    };

    public Option<long?> BackgroundMergeFrom { get; } = new("--background-merge-from")
    {
        Description = "Files at least this large are merged in the background: the server answers at once and the upload polls its status, so a proxy's read timeout cannot cut a long merge; 1 for every file but empty ones [default: 1GiB]",
        HelpName = "size",
        CustomParser = OptionParsers.Size,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress output" };

    public Option<TimeSpan?> ReconnectTimeout { get; } = new("--reconnect-timeout")
    {
        Description = "How long to keep coming back to a server that stays unreachable after the retries (a restart), resuming where it stopped; 0 gives up at once [default: 1m]",
        HelpName = "duration",
        CustomParser = OptionParsers.Duration,
    };

    public IEnumerable<Option> Options => [ChunkSize, Parallel, RelativePath, FileId, ReconnectTimeout, BackgroundMergeFrom, Quiet];

    public UploadOptions ToUploadOptions(ParseResult parse) => new()
    {
        ChunkSize = parse.GetValue(ChunkSize) ?? DefaultChunkSize,
        Parallelism = parse.GetValue(Parallel),
        RelativePath = parse.GetValue(RelativePath),
        FileId = parse.GetValue(FileId),
        ReconnectTimeout = parse.GetValue(ReconnectTimeout) ?? new UploadOptions().ReconnectTimeout,
        BackgroundMergeFrom = parse.GetValue(BackgroundMergeFrom) ?? new UploadOptions().BackgroundMergeFrom,
    };

    /// <summary>A relative path or file id names one upload, so it cannot go with several paths.</summary>
    public void Validate(System.CommandLine.Parsing.CommandResult result)
    {
        if (result.GetValue(Paths) is { Length: > 1 } && (result.GetValue(RelativePath) is not null || result.GetValue(FileId) is not null))
        {
            result.AddError("--relative-path and --file-id name a single upload; give one path with them.");
        }
    }
}
