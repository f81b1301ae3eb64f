using System.Security.Cryptography;
using System.Threading.Channels;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// What the three consumers of <see cref="ChunkMerger"/> share: their queues, the two md5s, the corrupt chunks found
/// and the write position. Each consumer touches only its own part; a block goes back to the free pool when the
/// last of them is done with it.
/// </summary>
internal sealed class MergeState(IReadOnlyList<ChunkToMerge> chunks, ChannelWriter<byte[]> free) : IDisposable
{
    private readonly Channel<MergeBlock> _chunkHash = Channel.CreateUnbounded<MergeBlock>(new() { SingleReader = true, SingleWriter = true });
    private readonly Channel<MergeBlock> _fileHash = Channel.CreateUnbounded<MergeBlock>(new() { SingleReader = true, SingleWriter = true });
    private readonly Channel<MergeBlock> _write = Channel.CreateUnbounded<MergeBlock>(new() { SingleReader = true, SingleWriter = true });
    private readonly IncrementalHash _chunkMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash _fileMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly List<int> _corrupt = [];
    private volatile bool _anyCorrupt;
    private long _written;
    private long _handedToWriteback;

    public ChannelReader<MergeBlock> ChunkHash => _chunkHash.Reader;

    public ChannelReader<MergeBlock> FileHash => _fileHash.Reader;

    public ChannelReader<MergeBlock> Write => _write.Reader;

    /// <summary>Only read after every consumer has finished.</summary>
    public List<int> Corrupt => _corrupt;

    /// <summary>Bytes read from chunk files that exist (what the serial pass called the merged size).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Bytes written to the output so far; read by the write stage only.</summary>
    public long Written => _written;

    public async ValueTask PublishAsync(MergeBlock block, CancellationToken ct)
    {
        if (block.Buffer is null && block.ChunkSize > 0)
        {
            BytesRead += block.ChunkSize;
        }

        await _chunkHash.Writer.WriteAsync(block, ct);
        await _fileHash.Writer.WriteAsync(block, ct);
        await _write.Writer.WriteAsync(block, ct);
    }

    public void Release(byte[] buffer) => free.TryWrite(buffer);

    public void Complete()
    {
        _chunkHash.Writer.TryComplete();
        _fileHash.Writer.TryComplete();
        _write.Writer.TryComplete();
    }

    public ValueTask HashChunk(MergeBlock block)
    {
        if (block.Buffer is not null)
        {
            _chunkMd5.AppendData(block.Buffer, 0, block.Length);
        }
        else
        {
            var expected = chunks[block.Ordinal];
            var md5 = Convert.ToHexStringLower(_chunkMd5.GetHashAndReset());
            var intact = block.ChunkSize == expected.Size && Md5Digest.Same(md5, expected.Md5);
            if (!intact)
            {
                _corrupt.Add(expected.Index);
                _anyCorrupt = true;
            }
        }

        Finish(block);
        return ValueTask.CompletedTask;
    }

    public ValueTask HashFile(MergeBlock block)
    {
        if (block.Buffer is not null)
        {
            _fileMd5.AppendData(block.Buffer, 0, block.Length);
        }

        Finish(block);
        return ValueTask.CompletedTask;
    }

    public async ValueTask WriteAsync(MergeBlock block, FileStream output, bool durable, CancellationToken ct)
    {
        // A corrupt chunk is found by the chunk md5 consumer, which may run a few blocks behind this one;
        // from the moment it is known, nothing more is written (the file will never be published).
        if (block.Buffer is not null && !_anyCorrupt)
        {
            await output.WriteAsync(block.Buffer.AsMemory(0, block.Length), ct);
            _written += block.Length;
            if (durable && _written - _handedToWriteback >= ChunkMerger.WritebackStep)
            {
                Writeback.Start(output.SafeFileHandle, _handedToWriteback, _written - _handedToWriteback);
                _handedToWriteback = _written;
            }
        }

        Finish(block);
    }

    public string FileMd5() => Convert.ToHexStringLower(_fileMd5.GetHashAndReset());

    public void Dispose()
    {
        _chunkMd5.Dispose();
        _fileMd5.Dispose();
    }

    private void Finish(MergeBlock block)
    {
        if (block.Done() && block.Buffer is not null)
        {
            free.TryWrite(block.Buffer);
        }
    }
}
