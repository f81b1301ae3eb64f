using System.Collections.Frozen;
using Uploader.Api.Contracts;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.UploadChunk;

namespace Uploader.Api.Uploads;

/// <summary>The fields of an upload_chunk request and its staged file part, whatever order they came in.</summary>
public sealed class ChunkUploadForm : IAsyncDisposable
{
    /// <summary>The metadata fields kept; any other field is read and dropped (go-uploader clients send extras).</summary>
    private static readonly FrozenSet<string> Known =
        new[] { WireFields.FileId, WireFields.ChunkIndex, WireFields.TotalChunks, WireFields.FileSize, WireFields.ChunkSize, WireFields.Md5, WireFields.Filename, WireFields.RelativePath }.ToFrozenSet(StringComparer.Ordinal);

    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    public IStagedChunk? Chunk { get; private set; }

    public string? PartFileName { get; private set; }

    public string? this[string field] => _fields.GetValueOrDefault(field);

    internal static bool IsKnownField(string name) => Known.Contains(name);

    internal bool TryAddField(string name, string value) => _fields.TryAdd(name, value);

    internal void SetChunk(IStagedChunk chunk, string? fileName)
    {
        Chunk = chunk;
        PartFileName = fileName;
    }

    /// <summary>
    /// Builds the command, or refuses the request naming every required field that is missing or not a number.
    /// The staged chunk goes with the command, which disposes it from then on; this form no longer does.
    /// </summary>
    public UploadChunkCommand ToCommand()
    {
        var parse = new FormFieldParser();
        var fileId = parse.RequiredText(WireFields.FileId, this[WireFields.FileId]);
        var index = parse.RequiredInt(WireFields.ChunkIndex, this[WireFields.ChunkIndex]);
        var totalChunks = parse.RequiredInt(WireFields.TotalChunks, this[WireFields.TotalChunks]);
        var fileSize = parse.RequiredLong(WireFields.FileSize, this[WireFields.FileSize]);
        var chunkSize = parse.Long(WireFields.ChunkSize, this[WireFields.ChunkSize]);
        if (Chunk is null)
        {
            parse.Missing(WireFields.Chunk, $"The '{WireFields.Chunk}' file part is missing.");
        }

        if (parse.HasFailures || Chunk is not { } chunk)
        {
            throw parse.Failure();
        }

        Chunk = null;
        return new UploadChunkCommand(
            fileId,
            index,
            totalChunks,
            fileSize,
            chunkSize,
            FormFieldParser.Text(this[WireFields.Md5]),
            FormFieldParser.Text(this[WireFields.Filename]),
            FormFieldParser.Text(this[WireFields.RelativePath]),
            PartFileName,
            chunk);
    }

    /// <summary>Removes the staged bytes if they were never handed over in a command.</summary>
    public ValueTask DisposeAsync() => Chunk?.DisposeAsync() ?? ValueTask.CompletedTask;
}
