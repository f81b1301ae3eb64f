namespace Uploader.Infrastructure.Storage;

/// <summary>
/// How the server creates its files: with an explicit mode on Unix instead of 0666 less whatever umask the process
/// inherited, so a permissive umask never makes them group- or world-writable. Chunks are 0640 (the server's data);
/// merged files are 0644 (the deliverable, readable by whoever picks it up); folders 0750. The umask can only narrow these.
/// </summary>
internal static class CreatedFiles
{
    public const UnixFileMode ChunkMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public const UnixFileMode MergedMode = ChunkMode | UnixFileMode.OtherRead;

    /// <summary>Folders: 0750, the owner's, and readable by its group.</summary>
    public const UnixFileMode FolderMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>Options for a new file (CreateNew, write, no sharing, asynchronous, unbuffered) with <paramref name="mode"/>.</summary>
    public static FileStreamOptions CreateNew(UnixFileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        return options;
    }
}
