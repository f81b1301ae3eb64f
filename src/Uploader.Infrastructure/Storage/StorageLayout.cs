using Uploader.Application.Errors;
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
    /// <summary>What <see cref="FileSystemInfo.Attributes"/> answers for an entry that does not exist (looked at without following a link).</summary>
    private const FileAttributes Missing = (FileAttributes)(-1);

    /// <param name="instanceId">Names this instance's own staging folder (config `instance_id`).</param>
    public StorageLayout(string uploadDir, string mergedDir, bool durable, long hardFloorBytes = 0, string instanceId = "local")
    {
        UploadDir = Path.GetFullPath(uploadDir);
        MergedDir = Path.GetFullPath(mergedDir);
        Durable = durable;
        HardFloorBytes = hardFloorBytes;
        StagingDir = Path.Combine(StagingRoot, FolderNameOf(instanceId));
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

    /// <summary>Holds every instance's staging folder (and, from versions before there were several, staged bodies of its own).</summary>
    public string StagingRoot => Path.Combine(UploadDir, ".staging");

    /// <summary>
    /// Request bodies land here first: the task they belong to may be named after the bytes. One folder per instance, so
    /// that an instance starting on a shared upload_dir empties its own and never another's in-flight bodies.
    /// </summary>
    public string StagingDir { get; }

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

    /// <summary>
    /// A merge's hidden temp file name, under the prefix no client path may use (so no target can clash with it), naming
    /// its task so that whoever settles an interrupted merge of that task can remove it (<see cref="MergeTempPatternOf"/>).
    /// </summary>
    public static string NewMergeTempName(Guid taskId) => $"{RelativeFilePath.ReservedPrefix}{taskId:N}-{Guid.NewGuid():N}{MergeTempSuffix}";

    /// <summary>The pattern of the temp file names of merges of one task.</summary>
    public static string MergeTempPatternOf(Guid taskId) => $"{RelativeFilePath.ReservedPrefix}{taskId:N}-*{MergeTempSuffix}";

    /// <summary>The pattern of <see cref="NewHealthProbeName"/>'s names, for the leftovers sweep.</summary>
    public const string HealthProbePattern = HealthProbePrefix + "*" + HealthProbeSuffix;

    private const string HealthProbePrefix = RelativeFilePath.ReservedPrefix + "health-";
    private const string HealthProbeSuffix = ".probe";

    /// <summary>The health check's write probe at the top of upload_dir or merged_dir, under the reserved prefix.</summary>
    public static string NewHealthProbeName() => $"{HealthProbePrefix}{Guid.NewGuid():N}{HealthProbeSuffix}";

    public static string NewChunkLocation(int index) =>
        $"{index:D6}.{Guid.NewGuid():N}.chunk";

    /// <summary>
    /// Where <paramref name="target"/> goes: inside the merged folder by its text and through no symbolic link inside it.
    /// </summary>
    /// <exception cref="InvalidPath">Either check fails.</exception>
    public string MergeTarget(RelativeFilePath target)
    {
        var full = Inside(target);
        try
        {
            return UnlinkedBelowMerged(full);
        }
        catch (SymbolicLinkRefused)
        {
            throw new InvalidPath(PathField.RelativePath, "it passes through a symbolic link inside merged_dir");
        }
    }

    /// <summary>
    /// A merged file's path as the task records it (relative to the merged folder, '/'-separated), checked like
    /// a merge target: a recorded path that resolves outside the merged folder or through a link is refused, never followed.
    /// </summary>
    public string MergedFile(string filePath) => MergeTarget(RelativeFilePath.Parse(filePath, PathField.MergedFilePath));

    /// <summary>As <see cref="MergedFile"/>, but a symbolic link on the way is left to the caller to find.</summary>
    /// <remarks>
    /// Only contained, not parsed again: a path recorded by an older version may break a rule added since (the reserved
    /// prefix, the byte length), and reading or removing that task's file must still work.
    /// </remarks>
    public string MergedFileByText(string filePath) => Inside(filePath);

    /// <summary>Whether the entry at <paramref name="path"/> is itself a symbolic link (a missing one is not).</summary>
    public static bool IsLink(string path)
    {
        var attributes = new FileInfo(path).Attributes;
        return attributes != Missing && attributes.HasFlag(FileAttributes.ReparsePoint);
    }

    public string UnlinkedBelowUpload(string path) => Unlinked(UploadDir, path);

    public string UnlinkedBelowMerged(string path) => Unlinked(MergedDir, path);

    public string RelativeToMerged(string fullPath) =>
        Path.GetRelativePath(MergedDir, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Creates the configured folders that are missing; existing ones keep their mode.</summary>
    public void EnsureFolders()
    {
        CreatedFiles.Folder(UploadDir);
        CreatedFiles.Folder(MergedDir);
        CreateFolderBelowUpload(StagingDir);
    }

    /// <summary>
    /// An instance id as one folder name: letters, digits, '-', '_' and '.' kept, anything else (the ':' of "host:port",
    /// a '/') as '_', and never a name that starts with a dot or is empty.
    /// </summary>
    internal static string FolderNameOf(string instanceId)
    {
        var name = new string(instanceId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return name.Length == 0 || name[0] == '.' ? "_" + name : name;
    }

    /// <summary>Creates a folder of the server's own under upload_dir, refusing one reached through a link.</summary>
    public void CreateFolderBelowUpload(string folder)
    {
        UnlinkedBelowUpload(folder);
        CreatedFiles.Folder(folder);
        UnlinkedBelowUpload(folder);
    }

    /// <summary>
    /// Creates the folders of a merge target. A component that is an existing file can never become a folder, whatever
    /// the conflict policy: that is the client's name clashing with a file, not a fault of the server.
    /// </summary>
    /// <exception cref="TargetExists">A component of the folder is a file.</exception>
    /// <exception cref="InvalidPath">A component became a symbolic link meanwhile.</exception>
    public void CreateMergedFolder(string folder)
    {
        for (var current = folder; current.Length > MergedDir.Length; current = Path.GetDirectoryName(current)!)
        {
            if (File.Exists(current))
            {
                throw new TargetExists(RelativeToMerged(current), "is a file, so it cannot be a folder of the target");
            }
        }

        CreatedFiles.Folder(folder);
        try
        {
            UnlinkedBelowMerged(folder);
        }
        catch (SymbolicLinkRefused)
        {
            throw new InvalidPath(PathField.RelativePath, "it passes through a symbolic link inside merged_dir");
        }
    }

    /// <summary>
    /// Refuses <paramref name="path"/> if an existing component of it below <paramref name="root"/> (itself included) is a
    /// symbolic link, each looked at without following it. The root may be a link: that is how an operator puts a
    /// folder elsewhere on purpose. A check before the use, not an atomic walk: whoever can write into the folders can
    /// swap a component in between, so they must not be writable by untrusted local users.
    /// </summary>
    /// <exception cref="SymbolicLinkRefused">A component is a link.</exception>
    private static string Unlinked(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == ".")
        {
            return path;
        }

        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new InvalidOperationException($"'{path}' is not below '{root}'.");
        }

        var current = root;
        foreach (var segment in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, segment);
            var attributes = new FileInfo(current).Attributes;
            if (attributes == Missing)
            {
                // Nothing below it exists either.
                break;
            }

            if (attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                throw new SymbolicLinkRefused(path, root);
            }
        }

        return path;
    }

    private string Inside(RelativeFilePath target) => Inside(target.Value);

    private string Inside(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(MergedDir, relativePath));
        if (!full.StartsWith(MergedDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidPath(PathField.RelativePath, "it resolves outside the merged folder");
        }

        return full;
    }
}
