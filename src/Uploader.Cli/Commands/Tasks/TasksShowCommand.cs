using System.CommandLine;
using Uploader.Cli.Output;

namespace Uploader.Cli.Commands.Tasks;

internal static class TasksShowCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var fileId = new Argument<string>("file_id") { Description = "The task id" };
        var command = new Command("show", "Show one task with every chunk") { fileId }
            .WithExamples(
                "uploader tasks show part-1");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var task = await run.Client.GetTaskAsync(parse.GetRequiredValue(fileId), cancellationToken);
            return run.Output.WriteServerAnswer(task.Raw, task, writer => TaskDetailText.Write(writer, task));
        });
        return command;
    }
}
