namespace Uploader.Domain.Errors;

/// <summary>The rule of <see cref="Tasks.FileLayout"/> a declared layout breaks.</summary>
public enum FileLayoutRule
{
    NegativeFileSize,
    NoChunks,
    MoreChunksThanBytes,
    ChunkSizeBelowOne,
    ChunkCountDisagreesWithChunkSize,
}
