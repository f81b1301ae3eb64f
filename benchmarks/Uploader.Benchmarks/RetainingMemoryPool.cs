using System.Buffers;
using System.Collections.Concurrent;

namespace Uploader.Benchmarks;

/// <summary>
/// 4 KiB blocks kept for reuse, as Kestrel's own block pool keeps them: with the shared array pool, blocks rented on
/// the feeding thread and returned on the reading one overflow its per-thread caches, and the benchmark would measure
/// the pipe's allocations instead of the reader's.
/// </summary>
internal sealed class RetainingMemoryPool : MemoryPool<byte>
{
    private const int BlockSize = 4096;
    private readonly ConcurrentBag<byte[]> _free = [];

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return new Block(this, _free.TryTake(out var array) ? array : new byte[BlockSize]);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(RetainingMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory => array;

        public void Dispose() => pool._free.Add(array);
    }
}
