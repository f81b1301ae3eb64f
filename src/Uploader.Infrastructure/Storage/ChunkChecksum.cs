using System.IO.Hashing;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// The chunk checksum's one spelling: lower-case hex of the XxHash3 (64 bits) of the chunk's bytes, as staging
/// records it (<see cref="Application.Ports.IStagedChunk.Checksum"/>) and as the merge compares it. XxHash3 runs at
/// memory speed, so the merge re-checks every chunk in its single read for a fraction of an md5.
/// </summary>
internal static class ChunkChecksum
{
    public static string Text(XxHash3 hash) => Convert.ToHexStringLower(hash.GetCurrentHash());

    public static bool Same(string recorded, XxHash3 computed) => string.Equals(recorded, Text(computed), StringComparison.Ordinal);
}
