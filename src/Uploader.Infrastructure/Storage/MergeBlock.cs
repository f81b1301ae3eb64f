namespace Uploader.Infrastructure.Storage;

/// <summary>A block of the merged file's bytes on its way to the two consumers of <see cref="ChunkMerger"/>.</summary>
internal sealed class MergeBlock(byte[] buffer, int length)
{
    private int _pending = MergeState.Consumers;

    public byte[] Buffer { get; } = buffer;

    public int Length { get; } = length;

    public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);

    /// <returns>True for the last consumer done with the block.</returns>
    public bool Done() => Interlocked.Decrement(ref _pending) == 0;
}
