using System.Globalization;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

/// <summary>
/// Builds an <see cref="UploadTask"/> in any status by walking the aggregate's own public transitions.
/// Default: file "docs/report.pdf", 10 bytes in 3 chunks of 4 (4 + 4 + 2), no chunk stored.
/// </summary>
internal sealed class UploadTaskBuilder
{
    public const string FileMd5 = "d41d8cd98f00b204e9800998ecf8427e";
    private const string FileId = "file-1";
    private const string RelativePath = "docs/report.pdf";

    public static readonly DateTime Started = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Later = Started.AddMinutes(5);

    private readonly List<int> _storedChunks = [];
    private readonly List<int> _corruptChunks = [];
    private FileLayout _layout = FileLayout.Create(10, 3, 4);
    private UploadTaskStatus _status = UploadTaskStatus.Uploading;

    public UploadTaskBuilder WithLayout(long fileSize, int totalChunks, long? chunkSize)
    {
        _layout = FileLayout.Create(fileSize, totalChunks, chunkSize);
        return this;
    }

    public UploadTaskBuilder WithChunks(params int[] indexes)
    {
        _storedChunks.AddRange(indexes);
        return this;
    }

    /// <summary>
    /// All chunks stored, these found corrupt by a merge that was then aborted: the real way a task in
    /// `uploading` comes to hold corrupt chunks.
    /// </summary>
    public UploadTaskBuilder WithCorruptChunks(params int[] indexes)
    {
        _corruptChunks.AddRange(indexes);
        return WithAllChunks();
    }

    public UploadTaskBuilder WithAllChunks() => WithChunks([.. Enumerable.Range(0, _layout.TotalChunks)]);

    /// <summary>Merging, Completed and Failed tasks get all their chunks, since only a full task can be merged.</summary>
    public UploadTaskBuilder InStatus(UploadTaskStatus status)
    {
        _status = status;
        return this;
    }

    public UploadTask Build()
    {
        var task = UploadTask.Start(FileId, RelativeFilePath.Parse(RelativePath), _layout, Started);
        var needsAllChunks = _status is UploadTaskStatus.Merging or UploadTaskStatus.Completed or UploadTaskStatus.Failed;
        var indexes = needsAllChunks ? Enumerable.Range(0, _layout.TotalChunks) : _storedChunks;
        foreach (var index in indexes.Distinct())
        {
            task.AcceptChunk(task.Admit(index, SizeOf(_layout, index), task.Layout), Md5Of(index), LocationOf(index), Started);
        }

        if (_corruptChunks.Count > 0)
        {
            task.BeginMerge(Started);
            task.MarkChunksCorrupt(_corruptChunks, Started);
            task.AbortMerge("corrupt chunks", Started);
        }

        switch (_status)
        {
            case UploadTaskStatus.Paused:
                task.Pause(Started);
                break;
            case UploadTaskStatus.Merging:
                task.BeginMerge(Started);
                break;
            case UploadTaskStatus.Completed:
                task.BeginMerge(Started);
                task.CompleteMerge(FileMd5, RelativePath, Started);
                break;
            case UploadTaskStatus.Failed:
                task.BeginMerge(Started);
                task.FailMerge("disk unplugged", Started);
                break;
        }

        return task;
    }

    public static string Md5Of(int index) => index.ToString("x32", CultureInfo.InvariantCulture);

    public static string LocationOf(int index) => $"chunk-{index}-v1";

    /// <summary>The nominal size when the layout has one, otherwise an even split with the rest in the last chunk.</summary>
    public static long SizeOf(FileLayout layout, int index)
    {
        var share = layout.FileSize / layout.TotalChunks;
        return layout.ExpectedSizeOf(index)
            ?? (index < layout.TotalChunks - 1 ? share : layout.FileSize - (share * (layout.TotalChunks - 1)));
    }
}
