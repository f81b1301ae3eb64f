using System.Runtime.InteropServices;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// The two fsyncs a rename needs to survive a power cut: the file's bytes before the rename, and the
/// folder entry after it. .NET has the first (Flush(true)); the second needs the folder opened itself.
/// </summary>
internal static partial class DurableFile
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

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
