using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// Every path the file-system adapter touches, derived from the two configured folders and from ids the
/// server made (task GUIDs, generated file names) — never from client text, except the merge target,
/// which is a validated <see cref="RelativeFilePath"/> and is checked again to resolve inside the merged folder.
/// </summary>
public sealed class StorageLayout
{
    public StorageLayout(string uploadDir, string mergedDir, bool durable, long hardFloorBytes = 0)
    {
        UploadDir = Path.GetFullPath(uploadDir);
        MergedDir = Path.GetFullPath(mergedDir);
        Durable = durable;
        HardFloorBytes = hardFloorBytes;
    }

    public string UploadDir { get; }

    public string MergedDir { get; }

    /// <summary>fsync files and folders before a rename counts as done (config `enable_atomic_operations`).</summary>
    public bool Durable { get; }

    /// <summary>
    /// Free bytes below which the adapter starts no write on a volume (half of `min_free_disk_bytes`), so a
    /// nearly full disk keeps room for the database and the OS; 0 leaves it to the OS to report a full disk.
    /// </summary>
    public long HardFloorBytes { get; }

    /// <summary>Request bodies land here first: the task they belong to may be named after the bytes.</summary>
    public string StagingDir => Path.Combine(UploadDir, ".staging");

    public string TaskDir(Guid taskId) => Path.Combine(UploadDir, taskId.ToString("N"));

    public string ChunkPath(Guid taskId, string location)
    {
        if (location.Length == 0 || location.IndexOfAny(['/', '\\']) >= 0 || location.StartsWith('.'))
        {
            throw new InvalidOperationException($"'{location}' is not a chunk location made by this adapter.");
        }

        return Path.Combine(TaskDir(taskId), location);
    }

    /// <summary>The pattern of <see cref="NewMergeTempName"/>'s names, for the leftovers sweep.</summary>
    public const string MergeTempPattern = RelativeFilePath.ReservedPrefix + "*" + MergeTempSuffix;

    private const string MergeTempSuffix = ".merging";

    /// <summary>A merge's hidden temp file name, under the prefix no client path may use (so no target can clash with it).</summary>
    public static string NewMergeTempName() => $"{RelativeFilePath.ReservedPrefix}{Guid.NewGuid():N}{MergeTempSuffix}";

    public static string NewChunkLocation(int index) =>
        $"{index:D6}.{Guid.NewGuid():N}.chunk";

    public string MergeTarget(RelativeFilePath target)
    {
        var full = Path.GetFullPath(Path.Combine(MergedDir, target.Value));
        if (!full.StartsWith(MergedDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidPath("relative_path", "it resolves outside the merged folder");
        }

        return full;
    }

    /// <summary>
    /// A merged file's path as the task records it (relative to the merged folder, '/'-separated), checked like
    /// a merge target: a recorded path that resolves outside the merged folder is refused, never followed.
    /// </summary>
    public string MergedFile(string filePath) => MergeTarget(RelativeFilePath.Parse(filePath, "file_path"));

    public string RelativeToMerged(string fullPath) =>
        Path.GetRelativePath(MergedDir, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    public void EnsureFolders()
    {
        Directory.CreateDirectory(UploadDir);
        Directory.CreateDirectory(MergedDir);
        Directory.CreateDirectory(StagingDir);
    }
}
