using System.CommandLine;

namespace Uploader.Cli.Commands.Tasks;

internal static class TasksDeleteCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var fileId = new Argument<string>("file_id") { Description = "The task id" };
        var deleteFile = new Option<bool>("--delete-file") { Description = "Also delete the merged file of a completed task" };
        var command = new Command("delete", "Delete a task and its chunks") { fileId, deleteFile };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var id = parse.GetRequiredValue(fileId);
            await run.Client.DeleteTaskAsync(id, parse.GetValue(deleteFile), cancellationToken);
            return run.Output.Write(new { status = "ok", file_id = id }, writer => writer.WriteLine($"deleted task {id}"));
        });
        return command;
    }
}
