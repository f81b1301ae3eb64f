namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// The part size of a merge: S3 wants every part but the last at 5 MiB or more and at most 10,000 parts, so parts are
/// 8 MiB, or as large as 10,000 parts of the file need (in whole MiB). A file no larger than one part is one PutObject.
/// </summary>
internal static class PartPlan
{
    public const long MinimumPartBytes = 8L * 1024 * 1024;

    public const int MaxParts = 10_000;

    private const long MiB = 1024 * 1024;

    public static long PartBytes(long fileSize)
    {
        var needed = (fileSize + MaxParts - 1) / MaxParts;
        var rounded = (needed + MiB - 1) / MiB * MiB;
        return Math.Max(MinimumPartBytes, rounded);
    }
}
