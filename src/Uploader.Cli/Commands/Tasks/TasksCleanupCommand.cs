using System.CommandLine;
using Uploader.Cli.Output;
using Uploader.Cli.Parsing;
using Uploader.Client;

namespace Uploader.Cli.Commands.Tasks;

internal static class TasksCleanupCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var status = new Option<string?>("--status") { Description = "Remove the tasks in this status", HelpName = "status" };
        status.AcceptOnlyFromAmong(TaskStatuses.Cleanable);
        var olderThan = new Option<int?>("--older-than")
        {
            Description = "Remove the tasks idle for at least this many days",
            HelpName = "days",
            CustomParser = result => OptionParsers.IntAtLeast(0)(result),
        };
        var command = new Command("cleanup", "Remove tasks; without options the expired ones, as the server's sweep does") { status, olderThan }
            .WithExamples(
                "uploader tasks cleanup",
                "uploader tasks cleanup --status failed",
                "uploader tasks cleanup --status completed --older-than 7");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var request = new CleanupRequest(parse.GetValue(status), parse.GetValue(olderThan));
            var result = await run.Client.CleanupTasksAsync(request, cancellationToken);
            return run.Output.WriteServerAnswer(result.Raw, result,
                writer => writer.WriteLine($"removed {result.Cleaned} task(s), freed {Display.Bytes(result.FreedBytes)}"));
        });
        return command;
    }
}
