namespace Uploader.Infrastructure.Storage;

/// <summary>
/// How the server creates its files: with an explicit mode on Unix instead of 0666 less whatever umask the process
/// inherited, so a permissive umask never makes them group- or world-writable. Chunks are 0640 (the server's data);
/// merged files are 0644 (the deliverable, readable by whoever picks it up); folders 0750; the database and the key file
/// 0600. The umask can only narrow these. Public for the Api's key file, the one file the Api writes itself.
/// </summary>
public static class CreatedFiles
{
    public const UnixFileMode ChunkMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    public const UnixFileMode MergedMode = ChunkMode | UnixFileMode.OtherRead;

    /// <summary>Folders: 0750, the owner's, and readable by its group.</summary>
    public const UnixFileMode FolderMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>
    /// The server's alone, 0600: the task database (SQLite gives its -wal, -shm and -journal files the same mode) and
    /// the generated key file.
    /// </summary>
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly Lazy<UnixFileMode> Umask = new(ReadUmask);

    /// <summary>
    /// The mode a file created with <paramref name="mode"/> has, what the process umask leaves of it: for a file that
    /// becomes one of ours without being created as such (a chunk hard-linked as the merged file).
    /// </summary>
    internal static UnixFileMode AsCreated(UnixFileMode mode) => mode & ~Umask.Value;

    /// <summary>Creates a folder and its missing parents with <see cref="FolderMode"/>; an existing one keeps its mode.</summary>
    /// <remarks>
    /// Parent by parent: Directory.CreateDirectory(path, mode) gives the mode to the last folder only and creates the
    /// missing parents 0777 less the umask.
    /// </remarks>
    public static void Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var missing = new Stack<string>();
        for (var current = Path.GetFullPath(path); !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            missing.Push(current);
        }

        while (missing.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder, FolderMode);
        }
    }

    /// <summary>
    /// Creates an empty file with <paramref name="mode"/> unless one is there: SQLite takes an empty file as a new
    /// database and keeps the mode it finds, where it would otherwise create the file 0644.
    /// </summary>
    public static void EmptyFile(string path, UnixFileMode mode)
    {
        var options = CreateNew(mode);
        options.Options = FileOptions.None;
        try
        {
            using var created = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // The operator's or an earlier run's file: its mode stays as it is.
        }
    }

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

    /// <summary>
    /// From /proc/self/status (Linux 4.7 and later): umask(2) can only be read by setting it, which would race with
    /// every file the other threads create meanwhile. Where it cannot be read, none is assumed.
    /// </summary>
    private static UnixFileMode ReadUmask()
    {
        const string Field = "Umask:";
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(Field, StringComparison.Ordinal));
            return line is null ? UnixFileMode.None : (UnixFileMode)Convert.ToInt32(line[Field.Length..].Trim(), 8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return UnixFileMode.None;
        }
    }
}
