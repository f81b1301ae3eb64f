namespace Uploader.Infrastructure.Storage;

/// <summary>A block of one chunk's bytes, or the end of a chunk with its size (-1 when its file is gone).</summary>
internal sealed class MergeBlock
{
    private int _pending;

    public int Ordinal { get; private init; }

    public byte[]? Buffer { get; private init; }

    public int Length { get; private init; }

    public long ChunkSize { get; private init; }

    public static MergeBlock Data(int ordinal, byte[] buffer, int length) =>
        new() { Ordinal = ordinal, Buffer = buffer, Length = length, _pending = 3 };

    public static MergeBlock EndOfChunk(int ordinal, long size) => new() { Ordinal = ordinal, ChunkSize = size, _pending = 3 };

    /// <returns>True for the last consumer done with the block.</returns>
    public bool Done() => Interlocked.Decrement(ref _pending) == 0;
}
