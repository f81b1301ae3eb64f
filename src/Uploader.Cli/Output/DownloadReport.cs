using Uploader.Cli.Parsing;
using Uploader.Client;

namespace Uploader.Cli.Output;

/// <summary>The --json document of a download: <c>{"status":"ok","file_id","path","size","md5","bytes_resumed","elapsed_ms"}</c>.</summary>
internal sealed record DownloadReport(string Status, string FileId, string Path, long Size, string Md5, long BytesResumed, long ElapsedMs)
{
    public static DownloadReport Of(DownloadResult result) =>
        new("ok", result.FileId, result.Path, result.Size, result.Md5, result.BytesResumed, (long)result.Elapsed.TotalMilliseconds);

    public static void WriteText(TextWriter writer, DownloadResult result)
    {
        var resumed = result.BytesResumed > 0 ? $", {Display.Bytes(result.BytesResumed)} kept from an earlier run" : string.Empty;
        writer.WriteLine($"downloaded {result.Path}: {Display.Bytes(result.Size)}, md5 {result.Md5}{resumed}, {Duration.Format(result.Elapsed)}");
    }
}
