using Uploader.Client;

namespace Uploader.Cli.Output;

internal static class TaskPageText
{
    public static void Write(TextWriter writer, TaskPage page)
    {
        var table = new TextTable().Add("FILE ID", "STATUS", "CHUNKS", "SIZE", "UPDATED", "PATH");
        foreach (var task in page.Tasks)
        {
            table.Add(
                task.FileId,
                task.Status,
                $"{task.UploadedChunks}/{task.TotalChunks}",
                Display.Bytes(task.FileSize),
                Display.Time(task.UpdatedAt),
                Display.OrDash(task.RelativePath));
        }

        table.WriteTo(writer);
        var pages = page.PageSize <= 0 ? 1 : Math.Max(1, (page.Total + page.PageSize - 1) / page.PageSize);
        writer.WriteLine($"page {page.Page} of {pages}, {page.Total} task(s)");
    }
}
