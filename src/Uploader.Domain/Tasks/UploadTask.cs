using Uploader.Domain.Errors;

namespace Uploader.Domain.Tasks;

/// <summary>
/// One file being uploaded in chunks. Every change goes through a method that checks the current
/// state first; the chunks are owned by the task and changed only through it.
/// </summary>
/// <remarks>
/// A task may be loaded with only the chunks a command touches (see ADR 0003): methods that reason
/// about one chunk work on such a partial load, <see cref="BeginMerge"/> needs all of them.
/// </remarks>
public sealed class UploadTask
{
    private readonly List<ChunkState> _chunks = [];

    private UploadTask()
    {
        FileId = string.Empty;
        FileName = string.Empty;
        RelativePath = string.Empty;
    }

    public Guid Id { get; private set; }

    public string FileId { get; private set; }

    public string FileName { get; private set; }

    public string RelativePath { get; private set; }

    public long FileSize { get; private set; }

    public int TotalChunks { get; private set; }

    public long? ChunkSize { get; private set; }

    public UploadTaskStatus Status { get; private set; }

    /// <summary>The merged file's md5: set when completed, and while merging once the merge chose its target.</summary>
    public string? FileMd5 { get; private set; }

    /// <summary>
    /// Where the merged file is, relative to the merged folder, '/'-separated: set when completed, and while
    /// merging once the merge chose its target (see <see cref="RecordMergeTarget"/>).
    /// </summary>
    public string? FinalPath { get; private set; }

    /// <summary>
    /// The storage's opaque identity of the merged file, recorded with <see cref="FinalPath"/>: tells the file this task
    /// produced from another one put under the same name later. Null for tasks merged before it was recorded.
    /// </summary>
    public string? MergedFileIdentity { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int RetryCount { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Bumped by every change of the task row; the store uses it to refuse a lost update.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// How many chunks are stored and usable (a corrupt one does not count, a replaced one counts once). Kept on the
    /// task so that answering a chunk needs no count over its chunks; the store adds to it as it records a chunk.
    /// </summary>
    public int UploadedChunks { get; private set; }

    /// <summary>The <see cref="Folders.FolderUpload"/> this file belongs to; null for a file uploaded on its own.</summary>
    public Guid? FolderId { get; private set; }

    public IReadOnlyCollection<ChunkState> Chunks => _chunks.AsReadOnly();

    public FileLayout Layout => FileLayout.Create(FileSize, TotalChunks, ChunkSize);

    public static UploadTask Start(string fileId, RelativeFilePath target, FileLayout layout, DateTime now, Guid? folderId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileId);
        return new UploadTask
        {
            Id = Guid.CreateVersion7(now),
            FileId = fileId,
            FileName = target.FileName,
            RelativePath = target.Value,
            FileSize = layout.FileSize,
            TotalChunks = layout.TotalChunks,
            ChunkSize = layout.ChunkSize,
            Status = UploadTaskStatus.Uploading,
            FolderId = folderId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public ChunkState? FindChunk(int index) => _chunks.Find(c => c.Index == index);

    /// <summary>
    /// Checks, before any byte is stored, that this task takes chunk <paramref name="index"/> of
    /// <paramref name="size"/> bytes from a request that declares <paramref name="requested"/>: the status, then the
    /// same layout as the task's, then the index and size within that layout.
    /// </summary>
    /// <remarks>
    /// The status may change before the chunk is recorded (a pause, a merge claim); the store's guarded write is what
    /// refuses the record then, so <see cref="AcceptChunk"/> does not look at it again.
    /// </remarks>
    public ChunkAdmission Admit(int index, long size, FileLayout requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        EnsureStatusAllows("accept chunks");
        // A folder's file is declared without a chunk size (folder_tasks carries none) and its chunks then say theirs:
        // their sizes are checked against the file size, and at merge that they add up.
        Layout.EnsureSameAs(FolderId is not null && ChunkSize is null ? requested.WithoutChunkSize() : requested);
        Layout.EnsureChunkFits(index, size);
        return new ChunkAdmission(Id, index, size);
    }

    /// <summary>Records stored bytes as the admitted chunk, replacing an older version.</summary>
    /// <param name="checksum">The storage's fast checksum of the bytes (<see cref="ChunkState.Checksum"/>); null when unknown.</param>
    /// <returns>The location of the replaced version, which the caller removes once this is saved.</returns>
    public string? AcceptChunk(ChunkAdmission admission, string md5, string location, DateTime now, string? checksum = null)
    {
        ArgumentNullException.ThrowIfNull(admission);
        if (admission.TaskId != Id)
        {
            throw new ArgumentException("The chunk was admitted by another task.", nameof(admission));
        }

        var existing = FindChunk(admission.Index);
        if (existing is not { IsUsable: true })
        {
            UploadedChunks++;
        }

        if (existing is null)
        {
            _chunks.Add(new ChunkState(admission.Index, admission.Size, md5, checksum, location, now));
            return null;
        }

        var replaced = existing.Location;
        existing.Replace(admission.Size, md5, checksum, location, now);
        return replaced;
    }

    /// <summary>
    /// Fixes the size of a file started before its size was known (a tus upload with a deferred length), laid out for
    /// its largest allowed size until now: the chunk size stays, the chunk count follows the size. The bytes already
    /// received (<paramref name="received"/>) must fit.
    /// </summary>
    /// <exception cref="SizeMismatch">The size is larger than the bound the task was laid out for, or below what arrived.</exception>
    public void FixFileSize(long fileSize, long received, DateTime now)
    {
        EnsureStatusAllows("take its size");
        var chunkSize = ChunkSize ?? throw new InvalidOperationException("Only a task with a chunk size can fix its size later.");
        if (fileSize > FileSize || fileSize < received)
        {
            throw new SizeMismatch($"A size of {fileSize} bytes is outside {received}..{FileSize}: the bytes received so far and the largest allowed file.");
        }

        var layout = FileLayout.Create(fileSize, (int)Math.Max(1, (fileSize + chunkSize - 1) / chunkSize), chunkSize);
        FileSize = layout.FileSize;
        TotalChunks = layout.TotalChunks;
        UpdatedAt = now;
    }

    public void Pause(DateTime now)
    {
        switch (Status)
        {
            case UploadTaskStatus.Paused:
                return;
            case UploadTaskStatus.Uploading:
                ChangeStatus(UploadTaskStatus.Paused, now);
                return;
            default:
                EnsureStatusAllows("be paused");
                return;
        }
    }

    public void Resume(DateTime now)
    {
        switch (Status)
        {
            case UploadTaskStatus.Uploading:
                return;
            case UploadTaskStatus.Paused:
                ChangeStatus(UploadTaskStatus.Uploading, now);
                return;
            case UploadTaskStatus.Failed:
                RetryCount++;
                ChangeStatus(UploadTaskStatus.Uploading, now);
                return;
            case UploadTaskStatus.Merging:
                throw new MergeInProgress(FileId);
            default:
                throw new TaskCompleted(FileId);
        }
    }

    /// <summary>Refuses, with the error of the current state, unless a merge may start now.</summary>
    public void EnsureMergeable() => EnsureStatusAllows("be merged");

    /// <summary>
    /// Starts a merge: every chunk must be stored and usable and their sizes must add up to the file size.
    /// Requires the task loaded with all its chunks.
    /// </summary>
    /// <param name="target">
    /// The name the merge request gives the file, as go-uploader lets it (chunks sent as `blob`, named at merge); null
    /// keeps the name the first chunk gave.
    /// </param>
    public void BeginMerge(DateTime now, RelativeFilePath? target = null)
    {
        EnsureMergeable();

        var usable = _chunks.Where(c => c.IsUsable).ToDictionary(c => c.Index);
        var missing = Enumerable.Range(0, TotalChunks).Where(i => !usable.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            throw new ChunksMissing(missing);
        }

        var stored = usable.Values.Sum(c => c.Size);
        if (stored != FileSize)
        {
            throw new SizeMismatch($"the stored chunks hold {stored} bytes but the file size is {FileSize}.");
        }

        if (target is not null)
        {
            FileName = target.FileName;
            RelativePath = target.Value;
        }

        ChangeStatus(UploadTaskStatus.Merging, now);
    }

    /// <summary>
    /// Records, before the merged file is moved into place, where it goes and what it holds. A crash between
    /// that move and <see cref="CompleteMerge"/> then leaves a task whose outcome can be checked on storage
    /// and completed, instead of a task merged a second time under a new name.
    /// </summary>
    public void RecordMergeTarget(string md5, string finalPath, string identity, DateTime now)
    {
        ArgumentException.ThrowIfNullOrEmpty(md5);
        ArgumentException.ThrowIfNullOrEmpty(finalPath);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        EnsureMerging("record a merge target");
        FileMd5 = md5;
        FinalPath = finalPath;
        MergedFileIdentity = identity;
        UpdatedAt = now;
        Version++;
    }

    public void CompleteMerge(string md5, string finalPath, DateTime now)
    {
        EnsureMerging("complete a merge");
        FileMd5 = md5;
        FinalPath = finalPath;
        LastError = null;
        ChangeStatus(UploadTaskStatus.Completed, now);
    }

    /// <summary>
    /// Ends a merge that found something the client can repair (corrupt chunks, a wrong checksum):
    /// the task takes chunks again.
    /// </summary>
    public void AbortMerge(string reason, DateTime now)
    {
        EnsureMerging("abort a merge");
        ForgetMergeTarget();
        LastError = reason;
        ChangeStatus(UploadTaskStatus.Uploading, now);
    }

    /// <summary>Ends a merge that broke for a reason outside the client's reach; an operator resumes it.</summary>
    public void FailMerge(string reason, DateTime now)
    {
        EnsureMerging("fail a merge");
        ForgetMergeTarget();
        LastError = reason;
        ChangeStatus(UploadTaskStatus.Failed, now);
    }

    /// <summary>Marks chunks whose stored bytes no longer match their md5; they count as missing from now on.</summary>
    public void MarkChunksCorrupt(IEnumerable<int> indexes, DateTime now)
    {
        EnsureMerging("mark chunks corrupt");
        foreach (var index in indexes)
        {
            if (FindChunk(index) is { IsUsable: true } chunk)
            {
                chunk.MarkCorrupt();
                UploadedChunks--;
            }
        }

        UpdatedAt = now;
        Version++;
    }

    /// <summary>
    /// Refuses to remove a task a merge has claimed: the merge reads its chunks and records its outcome on the
    /// task. Any other task may be removed; a completed one keeps its merged file unless the caller removes it.
    /// </summary>
    public void EnsureRemovable()
    {
        if (Status == UploadTaskStatus.Merging)
        {
            throw new MergeInProgress(FileId);
        }
    }

    /// <summary>
    /// Forgets chunk records whose bytes are no longer stored (a crash, a lost volume, an operator's rm):
    /// they count as missing and the client sends them again. Completed tasks keep their records, since
    /// their chunk data is removed on purpose once the file is merged.
    /// </summary>
    /// <returns>The indexes forgotten.</returns>
    public IReadOnlyList<int> ForgetChunksNotIn(IReadOnlySet<string> storedLocations, DateTime now)
    {
        if (Status == UploadTaskStatus.Completed)
        {
            return [];
        }

        var lost = _chunks.Where(c => !storedLocations.Contains(c.Location)).ToList();
        if (lost.Count == 0)
        {
            return [];
        }

        foreach (var chunk in lost)
        {
            _chunks.Remove(chunk);
            if (chunk.IsUsable)
            {
                UploadedChunks--;
            }
        }

        UpdatedAt = now;
        Version++;
        return lost.Select(c => c.Index).Order().ToList();
    }

    /// <summary>
    /// Settles a merge that a crash interrupted. If the storage holds the file the merge recorded as its
    /// target (<paramref name="recordedFileIsPublished"/>), the crash came after the move: the merge is
    /// completed. Otherwise it is taken back to where it can be run again.
    /// </summary>
    public void RecoverInterruptedMerge(bool recordedFileIsPublished, DateTime now)
    {
        if (recordedFileIsPublished && FileMd5 is { } md5 && FinalPath is { } finalPath)
        {
            CompleteMerge(md5, finalPath, now);
            return;
        }

        AbortMerge("the merge was interrupted by a server restart; merge again", now);
    }

    /// <summary>Refuses a merge request whose declared chunk count disagrees with the task's (its name may differ: it wins).</summary>
    public void EnsureMergeRequestAgrees(int? totalChunks)
    {
        if (totalChunks is { } total && total != TotalChunks)
        {
            throw new TaskMismatch(TaskField.TotalChunks, TotalChunks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// The error a task in <paramref name="status"/> gives when asked to <paramref name="action"/> something only an
    /// uploading task does; null for an uploading task. The store uses it when its guarded write of a chunk finds the
    /// task's status changed since the chunk was admitted.
    /// </summary>
    public static DomainException? RefusalIn(UploadTaskStatus status, string fileId, string action) => status switch
    {
        UploadTaskStatus.Uploading => null,
        UploadTaskStatus.Paused => new TaskPaused(fileId),
        UploadTaskStatus.Merging => new MergeInProgress(fileId),
        UploadTaskStatus.Completed => new TaskCompleted(fileId),
        _ => new InvalidTaskState(fileId, status, action),
    };

    private void EnsureStatusAllows(string action)
    {
        if (RefusalIn(Status, FileId, action) is { } refusal)
        {
            throw refusal;
        }
    }

    private void ForgetMergeTarget()
    {
        FileMd5 = null;
        FinalPath = null;
        MergedFileIdentity = null;
    }

    private void EnsureMerging(string action)
    {
        if (Status != UploadTaskStatus.Merging)
        {
            throw new InvalidTaskState(FileId, Status, action);
        }
    }

    private void ChangeStatus(UploadTaskStatus status, DateTime now)
    {
        Status = status;
        UpdatedAt = now;
        Version++;
    }
}
