using Uploader.Client;

namespace Uploader.Cli.Output;

internal static class UploadStatusText
{
    public static void Write(TextWriter writer, UploadStatus status)
    {
        var table = new TextTable()
            .Add("file_id", status.FileId)
            .Add("status", status.Status)
            .Add("chunks", $"{status.UploadedChunks.Count} of {status.TotalChunks} ({Display.Percent(status.CompletionRate)})")
            .Add("bytes", $"{Display.Bytes(status.UploadedBytes)} of {Display.Bytes(status.FileSize)}")
            .Add("created", Display.Time(status.CreatedAt))
            .Add("updated", Display.Time(status.UpdatedAt));
        if (status.Md5 is not null)
        {
            table.Add("md5", status.Md5);
        }

        if (status.FilePath is not null)
        {
            table.Add("file_path", status.FilePath);
        }

        if (status.MergedFile is not null)
        {
            table.Add("merged_file", status.MergedFile);
        }

        table.WriteTo(writer);
    }
}
