using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// Asks Linux to start writing a range of a file back to disk now, without waiting for it
/// (<c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c>). This is no durability guarantee (the fsync before a file
/// counts as written still is): it only spreads the disk writes over the time the file is written, so that
/// the fsync at the end waits for the tail instead of the whole file. Elsewhere, or if the call fails, nothing.
/// </summary>
internal static partial class Writeback
{
    private const uint SyncFileRangeWrite = 2;
    private static bool _unavailable;

    public static void Start(SafeFileHandle file, long offset, long count)
    {
        if (_unavailable || !OperatingSystem.IsLinux() || count <= 0)
        {
            return;
        }

        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            _ = SyncFileRange((int)file.DangerousGetHandle(), offset, count, SyncFileRangeWrite);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // A libc without sync_file_range: the final fsync does all the work, as before.
            _unavailable = true;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long nbytes, uint flags);
}
