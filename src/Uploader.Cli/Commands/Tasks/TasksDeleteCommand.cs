using System.CommandLine;

namespace Uploader.Cli.Commands.Tasks;

internal static class TasksDeleteCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var fileId = new Argument<string>("file_id") { Description = "The task id" };
        var deleteFile = new Option<bool>("--delete-file") { Description = "Also delete the merged file of a completed task" };
        var command = new Command("delete", "Delete a task and its chunks") { fileId, deleteFile }
            .WithExamples(
                "uploader tasks delete part-1",
                "uploader tasks delete report-2026 --delete-file");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var id = parse.GetRequiredValue(fileId);
            var result = await run.Client.DeleteTaskAsync(id, parse.GetValue(deleteFile), cancellationToken);
            return run.Output.WriteServerAnswer(result.Raw, result, writer => writer.WriteLine($"deleted task {id}{MergedFileNote(result.MergedFile)}"));
        });
        return command;
    }

    /// <summary>A file the server would not delete is said plainly: the user asked for it to go.</summary>
    private static string MergedFileNote(string? mergedFile) => mergedFile switch
    {
        "deleted" => " and its merged file",
        "kept" => "; its merged file stays",
        "missing" => "; its merged file was already gone",
        "replaced" => "; its merged file was NOT deleted: the file at its path is no longer the one this task produced",
        "refused" => "; its merged file was NOT deleted: its path passes through a symbolic link inside merged_dir",
        _ => string.Empty,
    };
}
