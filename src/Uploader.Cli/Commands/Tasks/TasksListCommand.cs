using System.CommandLine;
using Uploader.Cli.Output;
using Uploader.Cli.Parsing;

namespace Uploader.Cli.Commands.Tasks;

internal static class TasksListCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var status = new Option<string?>("--status") { Description = "Only tasks in this status", HelpName = "status" };
        status.AcceptOnlyFromAmong(TaskStatuses.All);
        var page = new Option<int>("--page")
        {
            Description = "Page number",
            HelpName = "n",
            DefaultValueFactory = _ => 1,
            CustomParser = OptionParsers.IntAtLeast(1),
        };
        var pageSize = new Option<int>("--page-size")
        {
            Description = "Tasks per page; the server allows 1 to 500",
            HelpName = "n",
            DefaultValueFactory = _ => 50,
            CustomParser = OptionParsers.IntAtLeast(1),
        };
        var command = new Command("list", "List tasks, newest first") { status, page, pageSize }
            .WithExamples(
                "uploader tasks list",
                "uploader tasks list --status failed --page-size 100 --json | jq -r '.tasks[].file_id'");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var tasks = await run.Client.ListTasksAsync(parse.GetValue(status), parse.GetValue(page), parse.GetValue(pageSize), cancellationToken);
            return run.Output.WriteServerAnswer(tasks.Raw, tasks, writer => TaskPageText.Write(writer, tasks));
        });
        return command;
    }
}
