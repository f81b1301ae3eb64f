using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// An opaque token naming one file, not one path: a rename keeps it, a replacement under the same name does not.
/// On Linux the inode, size and last write time from statx (its layout is the same on every architecture, unlike
/// stat's); elsewhere only size and last write time. Not the device: NFS, btrfs subvolumes, overlayfs and tmpfs get a
/// device number at mount time, and a remount would make every merged file look replaced. The path already names
/// the volume.
/// </summary>
internal static partial class FileIdentity
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    /// <summary>The token of the file at <paramref name="path"/> (a link is not followed), or null when none is there.</summary>
    public static string? Of(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return string.Create(CultureInfo.InvariantCulture, $"{info.Length}:{info.LastWriteTimeUtc.Ticks}");
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return null;
        }

        return Token(buffer);
    }

    /// <summary>The token of an open file: what was opened, whatever its path names by now.</summary>
    public static string? Of(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return string.Create(CultureInfo.InvariantCulture, $"{RandomAccess.GetLength(handle)}:{File.GetLastWriteTimeUtc(handle).Ticks}");
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            var fd = (int)handle.DangerousGetHandle();
            return Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) == 0 ? Token(buffer) : null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static string Token(ReadOnlySpan<byte> statx)
    {
        var inode = MemoryMarshal.Read<ulong>(statx[32..]);
        var size = MemoryMarshal.Read<ulong>(statx[40..]);
        var mtimeSeconds = MemoryMarshal.Read<long>(statx[112..]);
        var mtimeNanoseconds = MemoryMarshal.Read<uint>(statx[120..]);
        return string.Create(CultureInfo.InvariantCulture, $"{inode}:{size}:{mtimeSeconds}.{mtimeNanoseconds:D9}");
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
