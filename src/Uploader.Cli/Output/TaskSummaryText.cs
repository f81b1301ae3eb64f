using Uploader.Client;

namespace Uploader.Cli.Output;

internal static class TaskSummaryText
{
    public static void Write(TextWriter writer, TaskSummary task) =>
        writer.WriteLine(
            $"{task.FileId}: {task.Status} ({task.UploadedChunks} of {task.TotalChunks} chunks, " +
            $"{Display.Bytes(task.UploadedBytes)} of {Display.Bytes(task.FileSize)})");
}
