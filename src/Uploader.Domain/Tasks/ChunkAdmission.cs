namespace Uploader.Domain.Tasks;

/// <summary>
/// Proof that a task took a chunk of this index and size when it was checked (<see cref="UploadTask.Admit"/>),
/// before its bytes were stored: <see cref="UploadTask.AcceptChunk"/> requires it, so the rules are checked once and
/// no chunk is recorded unchecked. Only the task makes one.
/// </summary>
public sealed class ChunkAdmission
{
    internal ChunkAdmission(Guid taskId, int index, long size)
    {
        TaskId = taskId;
        Index = index;
        Size = size;
    }

    public Guid TaskId { get; }

    public int Index { get; }

    public long Size { get; }
}
