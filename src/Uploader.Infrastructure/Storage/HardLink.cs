using System.Runtime.InteropServices;

namespace Uploader.Infrastructure.Storage;

/// <summary>A second name for a file (<c>link(2)</c>): the same bytes, no copy. Only within one file system.</summary>
internal static partial class HardLink
{
    /// <summary>
    /// Creates <paramref name="newPath"/> as another name of the file <paramref name="existingPath"/> (a symbolic link
    /// there is linked itself, never followed).
    /// </summary>
    /// <returns>
    /// False when no link was made, whatever the reason: another file system (EXDEV), one without hard links, too many
    /// links, the file gone, not Unix. The caller then copies, which reports what is really wrong, if anything.
    /// </returns>
    public static bool TryCreate(string existingPath, string newPath) =>
        !OperatingSystem.IsWindows() && Link(existingPath, newPath) == 0;

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existingPath, string newPath);
}
