using Uploader.Client;

namespace Uploader.Cli.Output;

internal static class TaskDetailText
{
    public static void Write(TextWriter writer, TaskDetail task)
    {
        new TextTable()
            .Add("file_id", task.FileId)
            .Add("status", task.Status)
            .Add("relative_path", Display.OrDash(task.RelativePath))
            .Add("chunks", $"{task.UploadedChunks.Count} of {task.TotalChunks} ({Display.Percent(task.CompletionRate)})")
            .Add("bytes", $"{Display.Bytes(task.UploadedBytes)} of {Display.Bytes(task.FileSize)}")
            .Add("created", Display.Time(task.CreatedAt))
            .Add("updated", Display.Time(task.UpdatedAt))
            .Add("retry_count", Display.Number(task.RetryCount))
            .Add("md5", Display.OrDash(task.Md5))
            .Add("file_path", Display.OrDash(task.FilePath))
            .Add("last_error", Display.OrDash(task.LastError))
            .WriteTo(writer);
        if (task.Chunks.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        var chunks = new TextTable().Add("INDEX", "SIZE", "STATUS", "MD5", "UPLOADED", "RETRIES");
        foreach (var chunk in task.Chunks)
        {
            chunks.Add(
                Display.Number(chunk.Index),
                Display.Number(chunk.Size),
                chunk.Status,
                chunk.Md5,
                Display.Time(chunk.UploadedAt),
                Display.Number(chunk.RetryCount));
        }

        chunks.WriteTo(writer);
    }
}
