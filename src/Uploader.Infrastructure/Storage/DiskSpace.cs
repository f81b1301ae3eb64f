namespace Uploader.Infrastructure.Storage;

internal static class DiskSpace
{
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int ErrorHandleDiskFull = 0x27;
    private const int ErrorDiskFull = 0x70;

    /// <summary>True when the I/O error says the volume (or the quota) is full.</summary>
    public static bool IsDiskFull(IOException ex) =>
        ex.HResult is Enospc or Edquot || (ex.HResult & 0xFFFF) is ErrorHandleDiskFull or ErrorDiskFull;
}
