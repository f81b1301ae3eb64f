using System.IO.Hashing;
using System.Security.Cryptography;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// Whether the bytes of one chunk read at merge time are still the ones recorded: their size and their checksum, or,
/// for a chunk recorded before checksums were (no <see cref="ChunkToMerge.Checksum"/>), their md5. Fed block by
/// block on the merge's single read.
/// </summary>
internal sealed class ChunkCheck : IDisposable
{
    private readonly ChunkToMerge _expected;
    private readonly XxHash3? _checksum;
    private readonly IncrementalHash? _md5;

    private ChunkCheck(ChunkToMerge expected)
    {
        _expected = expected;
        if (expected.Checksum is null)
        {
            _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        }
        else
        {
            _checksum = new XxHash3();
        }
    }

    /// <summary>Bytes appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>More bytes than recorded: corrupt whatever follows, so the rest need not be read.</summary>
    public bool Overrun => Size > _expected.Size;

    public static ChunkCheck For(ChunkToMerge expected) => new(expected);

    public void Append(ReadOnlySpan<byte> block)
    {
        Size += block.Length;
        if (_checksum is not null)
        {
            _checksum.Append(block);
        }
        else
        {
            _md5!.AppendData(block);
        }
    }

    /// <summary>Once every byte is appended: the recorded size and checksum (or md5).</summary>
    public bool Intact()
    {
        if (Size != _expected.Size)
        {
            return false;
        }

        return _checksum is not null
            ? ChunkChecksum.Same(_expected.Checksum!, _checksum)
            : Md5Digest.Same(Convert.ToHexStringLower(_md5!.GetHashAndReset()), _expected.Md5);
    }

    public void Dispose() => _md5?.Dispose();
}
