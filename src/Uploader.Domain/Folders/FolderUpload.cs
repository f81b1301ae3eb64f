using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Folders;

/// <summary>
/// A folder uploaded as one unit: it owns one <see cref="UploadTask"/> per file, created with it, and pauses,
/// resumes and is removed with all of them. Each file is otherwise an ordinary task (its chunks, merge and md5).
/// </summary>
/// <remarks>Loaded with its files' task rows but not their chunks: no folder rule looks at a chunk.</remarks>
public sealed class FolderUpload
{
    private readonly List<UploadTask> _files = [];

    private FolderUpload()
    {
        FolderTaskId = string.Empty;
        FolderName = string.Empty;
    }

    public Guid Id { get; private set; }

    public string FolderTaskId { get; private set; }

    public string FolderName { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public IReadOnlyCollection<UploadTask> Files => _files.AsReadOnly();

    /// <summary>
    /// Declares a folder and its files. Two files may not resolve to the same path (compared as the merged folder
    /// would: ordinally), since the second merge would then rename or replace the first.
    /// </summary>
    /// <param name="fileIdOf">The file_id of the file at a position in <paramref name="files"/>.</param>
    public static FolderUpload Start(
        string folderTaskId, string folderName, IReadOnlyList<FolderFile> files, Func<int, string> fileIdOf, DateTime now)
    {
        ArgumentException.ThrowIfNullOrEmpty(folderTaskId);
        ArgumentException.ThrowIfNullOrEmpty(folderName);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(fileIdOf);
        if (files.Count == 0)
        {
            throw new ArgumentException("A folder upload needs at least one file.", nameof(files));
        }

        var folder = new FolderUpload
        {
            Id = Guid.CreateVersion7(now),
            FolderTaskId = folderTaskId,
            FolderName = folderName,
            CreatedAt = now,
        };
        var paths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            if (!paths.Add(files[i].Path.Value))
            {
                throw new InvalidPath(PathField.RelativePath, $"'{files[i].Path.Value}' is named by two of the folder's files");
            }

            folder._files.Add(UploadTask.Start(fileIdOf(i), files[i].Path, files[i].Layout, now, folder.Id));
        }

        return folder;
    }

    /// <summary>
    /// What the folder as a whole is doing, from its files' statuses: merging or uploading while any file is; else
    /// failed if any failed, paused if any is paused, and completed once all are.
    /// </summary>
    public static UploadTaskStatus StatusOf(IReadOnlyCollection<UploadTaskStatus> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        UploadTaskStatus[] precedence =
            [UploadTaskStatus.Merging, UploadTaskStatus.Uploading, UploadTaskStatus.Failed, UploadTaskStatus.Paused];
        foreach (var status in precedence)
        {
            if (files.Contains(status))
            {
                return status;
            }
        }

        return UploadTaskStatus.Completed;
    }

    public UploadTaskStatus Status => StatusOf(_files.Select(f => f.Status).ToList());

    /// <summary>Pauses every file that is uploading; a file merging, completed, failed or paused already stays as it is.</summary>
    /// <returns>How many files were paused.</returns>
    public int Pause(DateTime now) => Apply(f => f.Status == UploadTaskStatus.Uploading, f => f.Pause(now));

    /// <summary>Resumes every paused or failed file; the others stay as they are.</summary>
    /// <returns>How many files were resumed.</returns>
    public int Resume(DateTime now) =>
        Apply(f => f.Status is UploadTaskStatus.Paused or UploadTaskStatus.Failed, f => f.Resume(now));

    /// <summary>Refuses to remove the folder while a merge has claimed one of its files; see <see cref="UploadTask.EnsureRemovable"/>.</summary>
    public void EnsureRemovable()
    {
        if (_files.Any(f => f.Status == UploadTaskStatus.Merging))
        {
            throw new MergeInProgress(FolderTaskId);
        }
    }

    private int Apply(Func<UploadTask, bool> applies, Action<UploadTask> change)
    {
        var changed = 0;
        foreach (var file in _files.Where(applies))
        {
            change(file);
            changed++;
        }

        return changed;
    }
}
