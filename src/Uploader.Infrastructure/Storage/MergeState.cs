using System.Security.Cryptography;
using System.Threading.Channels;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// What the reader of <see cref="ChunkMerger"/> and its two consumers (the file md5 and the write) share: their
/// queues, the file md5, the corrupt chunks found and the write position. A block goes back to the free pool when
/// both consumers are done with it.
/// </summary>
internal sealed class MergeState(ChannelWriter<byte[]> free) : IDisposable
{
    /// <summary>How many consumers take every block.</summary>
    public const int Consumers = 2;

    private readonly Channel<MergeBlock> _fileHash = Channel.CreateUnbounded<MergeBlock>(new() { SingleReader = true, SingleWriter = true });
    private readonly Channel<MergeBlock> _write = Channel.CreateUnbounded<MergeBlock>(new() { SingleReader = true, SingleWriter = true });
    private readonly IncrementalHash _fileMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly List<int> _corrupt = [];
    private volatile bool _anyCorrupt;
    private long _written;
    private long _handedToWriteback;

    public ChannelReader<MergeBlock> FileHash => _fileHash.Reader;

    public ChannelReader<MergeBlock> Write => _write.Reader;

    /// <summary>Changed by the reader only; read by others after every consumer has finished.</summary>
    public List<int> Corrupt => _corrupt;

    /// <summary>Once set, nothing more is written: the file will never be published.</summary>
    public bool AnyCorrupt => _anyCorrupt;

    /// <summary>Bytes read from chunk files that exist (the merged size when nothing is corrupt).</summary>
    public long BytesRead { get; set; }

    public void MarkCorrupt(int index)
    {
        _corrupt.Add(index);
        _anyCorrupt = true;
    }

    /// <summary>Bytes written to the output so far; read by the write stage only.</summary>
    public long Written => _written;

    public async ValueTask PublishAsync(MergeBlock block, CancellationToken ct)
    {
        await _fileHash.Writer.WriteAsync(block, ct);
        await _write.Writer.WriteAsync(block, ct);
    }

    public void Release(byte[] buffer) => free.TryWrite(buffer);

    public void Complete()
    {
        _fileHash.Writer.TryComplete();
        _write.Writer.TryComplete();
    }

    public ValueTask HashFile(MergeBlock block)
    {
        _fileMd5.AppendData(block.Bytes.Span);
        Finish(block);
        return ValueTask.CompletedTask;
    }

    public async ValueTask WriteAsync(MergeBlock block, FileStream output, bool durable, CancellationToken ct)
    {
        // The reader finds a corrupt chunk at its end, when up to BlocksInFlight of its blocks may still be queued
        // here; from that moment nothing more is written.
        if (!_anyCorrupt)
        {
            await output.WriteAsync(block.Bytes, ct);
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

    public void Dispose() => _fileMd5.Dispose();

    private void Finish(MergeBlock block)
    {
        if (block.Done())
        {
            free.TryWrite(block.Buffer);
        }
    }
}
