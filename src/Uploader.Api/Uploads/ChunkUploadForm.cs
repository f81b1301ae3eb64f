using System.Collections.Frozen;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.UploadChunk;

namespace Uploader.Api.Uploads;

/// <summary>The fields of an upload_chunk request and its staged file part, whatever order they came in.</summary>
public sealed class ChunkUploadForm : IAsyncDisposable
{
    internal const string FileId = "file_id";
    internal const string ChunkIndex = "chunk_index";
    private const string TotalChunks = "total_chunks";
    private const string FileSize = "file_size";
    private const string ChunkSize = "chunk_size";
    private const string Md5 = "md5";
    private const string Filename = "filename";
    private const string RelativePath = "relative_path";

    /// <summary>The metadata fields kept; any other field is read and dropped (go-uploader clients send extras).</summary>
    private static readonly FrozenSet<string> Known =
        new[] { FileId, ChunkIndex, TotalChunks, FileSize, ChunkSize, Md5, Filename, RelativePath }.ToFrozenSet(StringComparer.Ordinal);

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
            FormFieldParser.Text(this[FileId]),
            parse.Int(ChunkIndex, this[ChunkIndex]),
            parse.Int(TotalChunks, this[TotalChunks]),
            parse.Long(FileSize, this[FileSize]),
            parse.Long(ChunkSize, this[ChunkSize]),
            FormFieldParser.Text(this[Md5]),
            FormFieldParser.Text(this[Filename]),
            FormFieldParser.Text(this[RelativePath]),
            PartFileName,
            Chunk);
        parse.ThrowIfAnyFailed();
        return command;
    }

    /// <summary>Removes the staged bytes unless the command committed them.</summary>
    public ValueTask DisposeAsync() => Chunk?.DisposeAsync() ?? ValueTask.CompletedTask;
}
