namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// How a merge becomes parts under S3's rules: every part but the last at 5 MiB or more, at most 5 GiB each, at most
/// 10,000 parts. Chunks that already fit are copied as parts by the store (<see cref="CopiesChunksAsParts"/>); other
/// files are re-cut into parts of 8 MiB, or as large as 10,000 parts of the file need (in whole MiB). A file no larger
/// than one part is one PutObject.
/// </summary>
internal static class PartPlan
{
    public const long MinimumPartBytes = 8L * 1024 * 1024;

    public const int MaxParts = 10_000;

    private const long MiB = 1024 * 1024;

    private const long SmallestPartS3Takes = 5 * MiB;

    private const long LargestPartS3Takes = 5L * 1024 * MiB;

    public static long PartBytes(long fileSize)
    {
        var needed = (fileSize + MaxParts - 1) / MaxParts;
        var rounded = (needed + MiB - 1) / MiB * MiB;
        return Math.Max(MinimumPartBytes, rounded);
    }

    /// <summary>
    /// Whether each chunk can be one part as it is: at least two chunks (one is a PutObject anyway), no more than
    /// 10,000, every one at most 5 GiB, all but the last at least 5 MiB, and the last not empty.
    /// </summary>
    public static bool CopiesChunksAsParts(IReadOnlyList<long> chunkSizes) =>
        chunkSizes.Count is >= 2 and <= MaxParts
        && chunkSizes.All(size => size is > 0 and <= LargestPartS3Takes)
        && chunkSizes.Take(chunkSizes.Count - 1).All(size => size >= SmallestPartS3Takes);
}
