namespace Uploader.Client;

/// <summary>How a file of <see cref="FileSize"/> bytes is cut: every chunk <see cref="ChunkSize"/> bytes but the last.</summary>
internal readonly record struct ChunkLayout(long FileSize, long ChunkSize)
{
    /// <summary>An empty file is one empty chunk: the contract has no task without chunks.</summary>
    public int TotalChunks => FileSize == 0 ? 1 : checked((int)((FileSize + ChunkSize - 1) / ChunkSize));

    public long Offset(int index) => index * ChunkSize;

    public long Length(int index) => Math.Min(ChunkSize, FileSize - Offset(index));
}
