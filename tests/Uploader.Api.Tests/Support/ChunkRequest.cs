using System.Collections.Immutable;
using System.Globalization;
using System.Net.Http.Headers;

namespace Uploader.Api.Tests;

/// <summary>
/// Builds one upload_chunk multipart body. Typed properties give the fields a well-behaved client sends;
/// <see cref="WithField"/> and <see cref="Without"/> bend single fields (including the "chunk" file part) for error tests.
/// </summary>
public sealed record ChunkRequest(string FileId, int Index, int TotalChunks, long FileSize, ReadOnlyMemory<byte> Bytes)
{
    public const string FilePart = "chunk";

    private ImmutableDictionary<string, string?> Overrides { get; init; } = ImmutableDictionary<string, string?>.Empty;

    public string? Md5 { get; init; }

    public long? ChunkSize { get; init; }

    public string? FileName { get; init; }

    public string? RelativePath { get; init; }

    /// <summary>The file name in the chunk part's Content-Disposition; null sends the part without one.</summary>
    public string? PartFileName { get; init; } = "blob";

    /// <summary>Puts the file part before the metadata fields instead of after them.</summary>
    public bool FilePartFirst { get; init; }

    /// <summary>Declares the md5 of the bytes actually sent.</summary>
    public ChunkRequest WithMd5() => this with { Md5 = Md5Hex.Of(Bytes.Span) };

    /// <summary>Sends <paramref name="name"/> with this raw text, whatever the typed properties say.</summary>
    public ChunkRequest WithField(string name, string value) => this with { Overrides = Overrides.SetItem(name, value) };

    /// <summary>Leaves out a field, or the file part when <paramref name="name"/> is <see cref="FilePart"/>.</summary>
    public ChunkRequest Without(string name) => this with { Overrides = Overrides.SetItem(name, null) };

    public MultipartFormDataContent ToContent()
    {
        var content = new MultipartFormDataContent();
        var sendsFile = !Overrides.TryGetValue(FilePart, out var file) || file is not null;
        if (sendsFile && FilePartFirst)
        {
            AddFilePart(content);
        }

        foreach (var (name, value) in Fields())
        {
            content.Add(new StringContent(value), name);
        }

        if (sendsFile && !FilePartFirst)
        {
            AddFilePart(content);
        }

        return content;
    }

    private void AddFilePart(MultipartFormDataContent content)
    {
        var part = new ReadOnlyMemoryContent(Bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (PartFileName is null)
        {
            content.Add(part, FilePart);
        }
        else
        {
            content.Add(part, FilePart, PartFileName);
        }
    }

    private IEnumerable<(string Name, string Value)> Fields()
    {
        var fields = new Dictionary<string, string?>
        {
            ["file_id"] = FileId,
            ["chunk_index"] = Text(Index),
            ["total_chunks"] = Text(TotalChunks),
            ["file_size"] = Text(FileSize),
            ["md5"] = Md5,
            ["chunk_size"] = ChunkSize is { } size ? Text(size) : null,
            ["filename"] = FileName,
            ["relative_path"] = RelativePath,
        };
        foreach (var (name, value) in Overrides.Where(o => o.Key != FilePart))
        {
            fields[name] = value;
        }

        return fields.Where(f => f.Value is not null).Select(f => (f.Key, f.Value!));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
