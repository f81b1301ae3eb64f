using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uploader.Client;

/// <summary>
/// GET limits: what the server accepts, asked before an upload so a file or chunk size it would refuse is refused
/// here, before any task exists and before the file is read. <see cref="Raw"/> is the server's JSON object.
/// </summary>
public sealed record ServerLimits
{
    public long MaxFileSize { get; init; }

    public long MaxChunkSize { get; init; }

    public int MaxChunks { get; init; }

    /// <summary>Extensions with their dot (<c>.pdf</c>); empty means any.</summary>
    public IReadOnlyList<string> AllowedExtensions { get; init; } = [];

    public bool EnableIntegrityCheck { get; init; }

    public string? OnConflict { get; init; }

    [JsonIgnore]
    public JsonElement Raw { get; init; }

    /// <summary>
    /// Checks a file or every file of a folder (as <see cref="UploaderClient.UploadFolderAsync"/> would send them)
    /// against these limits; throws <see cref="UploadLimitException"/> for the first one the server would refuse.
    /// </summary>
    public void Check(string path, UploadOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        if (Directory.Exists(path))
        {
            var root = new DirectoryInfo(path);
            foreach (var file in FolderFiles.Under(root))
            {
                Check(file, FolderFiles.RelativePath(root, file, options.RelativePath), options.ChunkSize);
            }
        }
        else
        {
            var file = new FileInfo(path);
            Check(file, options.RelativePath ?? file.Name, options.ChunkSize);
        }
    }

    internal void Check(FileInfo file, string relativePath, long chunkSize)
    {
        file.Refresh();
        if (!file.Exists)
        {
            return;
        }

        // The largest chunk sent: a file smaller than the chunk size goes as one chunk of its own size.
        var layout = new ChunkLayout(file.Length, chunkSize);
        if (layout.Length(0) > MaxChunkSize)
        {
            throw new UploadLimitException(UploadLimitException.ChunkTooLarge, file.FullName, chunkSize, MaxChunkSize,
                $"the chunk size {chunkSize} bytes is above the server's max_chunk_size of {MaxChunkSize} bytes");
        }

        if (file.Length > MaxFileSize)
        {
            throw new UploadLimitException(UploadLimitException.FileTooLarge, file.FullName, file.Length, MaxFileSize,
                $"'{file.FullName}' has {file.Length} bytes, above the server's max_file_size of {MaxFileSize} bytes");
        }

        if (MaxChunks > 0 && layout.TotalChunks > MaxChunks)
        {
            throw new UploadLimitException(UploadLimitException.TooManyChunks, file.FullName, layout.TotalChunks, MaxChunks,
                $"'{file.FullName}' cut in chunks of {chunkSize} bytes makes {layout.TotalChunks} chunks, above the server's max_chunks of {MaxChunks}; choose a larger chunk size");
        }

        var extension = Path.GetExtension(relativePath);
        if (AllowedExtensions.Count > 0 && !AllowedExtensions.Any(e => string.Equals(Dotted(e), extension, StringComparison.OrdinalIgnoreCase)))
        {
            throw new UploadLimitException(UploadLimitException.ExtensionNotAllowed, file.FullName, 0, 0,
                $"the server takes only {string.Join(", ", AllowedExtensions.Select(Dotted))}, not '{relativePath}'");
        }
    }

    private static string Dotted(string extension) => extension.StartsWith('.') ? extension : "." + extension;
}
