namespace Uploader.Infrastructure.Storage;

/// <summary>
/// A path the adapter was about to use passes through a symbolic link below its configured root: using it could
/// reach outside the folder. An access refusal, so the storage retries leave it alone and the sweeps log and skip it.
/// </summary>
public sealed class SymbolicLinkRefused(string path, string root)
    : UnauthorizedAccessException($"'{path}' passes through a symbolic link inside '{root}'; it is not used.")
{
    public string Path { get; } = path;
}
