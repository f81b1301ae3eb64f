using System.Runtime.InteropServices;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// The two fsyncs a rename needs to survive a power cut: the file's bytes before the rename, and the
/// folder entry after it. .NET has the first (Flush(true)); the second needs the folder opened itself.
/// </summary>
public static partial class DurableFile
{
    // O_RDONLY: enough to open a folder for fsync, and the same value on every Unix.
    private const int ReadOnly = 0;

    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(fd);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Renames <paramref name="source"/> to <paramref name="target"/> and makes the new entry durable.</summary>
    public static void Move(string source, string target, bool overwrite, bool durable)
    {
        File.Move(source, target, overwrite);
        if (durable)
        {
            SyncDirectory(Path.GetDirectoryName(target)!);
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> holding <paramref name="content"/>, whole or not at all: written to a temp
    /// file beside it with <paramref name="mode"/> from the start, fsynced, renamed (never over an existing
    /// file) and the folder fsynced. A temp file a crash leaves has the same mode and a name nobody reads.
    /// </summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            Move(temp, path, overwrite: false, durable: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
