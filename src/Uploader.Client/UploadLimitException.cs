namespace Uploader.Client;

/// <summary>
/// A file the server's limits (<see cref="ServerLimits"/>) would refuse, found before anything was sent. <see cref="Code"/>
/// is the code the server would answer with (<c>chunk_too_large</c>, <c>file_too_large</c>,
/// <c>extension_not_allowed</c>), or <c>too_many_chunks</c>; <see cref="Actual"/> and <see cref="Limit"/> are the
/// figures compared (bytes, or chunks for <c>too_many_chunks</c>; both 0 for an extension).
/// </summary>
public sealed class UploadLimitException(string code, string path, long actual, long limit, string message) : Exception(message)
{
    public const string ChunkTooLarge = "chunk_too_large";
    public const string FileTooLarge = "file_too_large";
    public const string TooManyChunks = "too_many_chunks";
    public const string ExtensionNotAllowed = "extension_not_allowed";

    public string Code { get; } = code;

    public string Path { get; } = path;

    public long Actual { get; } = actual;

    public long Limit { get; } = limit;
}
