using Uploader.Client;
using Uploader.Cli.Parsing;

namespace Uploader.Cli.Output;

internal static class UploadResultText
{
    public static void Write(TextWriter writer, IReadOnlyList<UploadResult> results)
    {
        if (results.Count == 0)
        {
            writer.WriteLine("nothing to upload: the folders hold no files");
        }

        foreach (var result in results)
        {
            var renamed = result.RelativePath is not null && result.RelativePath != result.FilePath
                ? $" (renamed from {result.RelativePath})"
                : "";
            writer.WriteLine(
                $"uploaded {result.FilePath}{renamed}: {Display.Bytes(result.Size)}, md5 {result.Md5}, " +
                $"{result.ChunksSent} chunk(s) sent, {result.ChunksSkipped} already on the server, {Duration.Format(result.Elapsed)}");
            if (result.ReuploadOf is not null)
            {
                writer.WriteLine(
                    $"  uploaded again as new task {result.FileId}: the merged file of task {result.ReuploadOf} is {result.ReuploadReason} on the server");
            }
        }

        if (results.Count > 1)
        {
            writer.WriteLine($"{results.Count} files, {Display.Bytes(results.Sum(r => r.Size))}");
        }
    }
}
