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

    public UploadChunkCommand ToCommand()
    {
        var parse = new FormFieldParser();
        var command = new UploadChunkCommand(
            FormFieldParser.Text(this[WireFields.FileId]),
            parse.Int(WireFields.ChunkIndex, this[WireFields.ChunkIndex]),
            parse.Int(WireFields.TotalChunks, this[WireFields.TotalChunks]),
            parse.Long(WireFields.FileSize, this[WireFields.FileSize]),
            parse.Long(WireFields.ChunkSize, this[WireFields.ChunkSize]),
            FormFieldParser.Text(this[WireFields.Md5]),
            FormFieldParser.Text(this[WireFields.Filename]),
            FormFieldParser.Text(this[WireFields.RelativePath]),
            PartFileName,
            Chunk);
        parse.ThrowIfAnyFailed();
        return command;
    }

    /// <summary>Removes the staged bytes unless the command committed them.</summary>
    public ValueTask DisposeAsync() => Chunk?.DisposeAsync() ?? ValueTask.CompletedTask;
}
