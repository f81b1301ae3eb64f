namespace Uploader.Client;

/// <summary>The download's target path holds a file already, and overwriting was not asked for; found before any request.</summary>
public sealed class DownloadTargetExistsException(string path)
    : IOException($"'{path}' exists already; ask for it to be overwritten or choose another path")
{
    public string Path { get; } = path;
}
