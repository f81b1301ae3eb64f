namespace Uploader.Domain.Errors;

/// <summary>A value a request declares that must agree with the task's once the task exists.</summary>
public enum TaskField
{
    TotalChunks,
    FileSize,
    ChunkSize,
}
