using Uploader.Client;

namespace Uploader.Cli.Output;

/// <summary>
/// One merged file in <see cref="UploadReport"/>; the elapsed time in whole milliseconds like merge_time_ms;
/// <c>reupload_of</c> and <c>reupload_reason</c> null unless the file went up again as a new task.
/// </summary>
internal sealed record UploadReportEntry(
    string FileId, string FilePath, string Md5, long Size, string? RelativePath, int ChunksSent, int ChunksSkipped, long ElapsedMs,
    string? ReuploadOf, string? ReuploadReason)
{
    public static UploadReportEntry Of(UploadResult result) => new(
        result.FileId,
        result.FilePath,
        result.Md5,
        result.Size,
        result.RelativePath,
        result.ChunksSent,
        result.ChunksSkipped,
        (long)result.Elapsed.TotalMilliseconds,
        result.ReuploadOf,
        result.ReuploadReason);
}
