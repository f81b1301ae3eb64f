using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.UploadChunk;

namespace Uploader.Api.Uploads;

/// <summary>The fields of an upload_chunk request and its staged file part, whatever order they came in.</summary>
public sealed class ChunkUploadForm : IAsyncDisposable
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    public IStagedChunk? Chunk { get; private set; }

    public string? PartFileName { get; private set; }

    public string? this[string field] => _fields.GetValueOrDefault(field);

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
            FormFieldParser.Text(this["file_id"]),
            parse.Int("chunk_index", this["chunk_index"]),
            parse.Int("total_chunks", this["total_chunks"]),
            parse.Long("file_size", this["file_size"]),
            parse.Long("chunk_size", this["chunk_size"]),
            FormFieldParser.Text(this["md5"]),
            FormFieldParser.Text(this["filename"]),
            FormFieldParser.Text(this["relative_path"]),
            PartFileName,
            Chunk);
        parse.ThrowIfAnyFailed();
        return command;
    }

    /// <summary>Removes the staged bytes unless the command committed them.</summary>
    public ValueTask DisposeAsync() => Chunk?.DisposeAsync() ?? ValueTask.CompletedTask;
}
