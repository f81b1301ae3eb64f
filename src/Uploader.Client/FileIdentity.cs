using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Uploader.Client;

/// <summary>
/// Stable task ids: the same file (path, size, last write) cut the same way and sent to the same destination gives
/// the same id, so a restarted client asks for the task it started before; a changed file, chunk size or
/// destination gives a new task instead of a mismatch.
/// </summary>
internal static class FileIdentity
{
    public static string Of(FileInfo file, long chunkSize, string relativePath)
    {
        file.Refresh();
        var key = string.Join(
            '\n',
            file.FullName,
            file.Length.ToString(CultureInfo.InvariantCulture),
            file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture),
            chunkSize.ToString(CultureInfo.InvariantCulture),
            relativePath);
        return "f-" + Digest(key);
    }

    /// <summary>A folder upload given an explicit id: one id per file, derived from it and the file's relative path.</summary>
    public static string Seeded(string seed, string relativePath) => "f-" + Digest(seed + "\n" + relativePath);

    /// <summary>
    /// The task that uploads a file again after the server lost the merged file of task <paramref name="fileId"/>:
    /// derived from it, so a rerun interrupted during the new upload finds the new task again.
    /// </summary>
    public static string Again(string fileId) => "f-" + Digest(fileId + "\nagain");

    private static string Digest(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40];
}
