using System.CommandLine;
using Uploader.Cli.Output;
using Uploader.Client;

namespace Uploader.Cli.Commands.Tasks;

/// <summary><c>tasks pause</c> and <c>tasks resume</c>: one call each, both answered with the task summary.</summary>
internal static class TaskStateCommand
{
    public static Command Pause(CliContext cli, GlobalOptions global) =>
        Create(cli, global, "pause", "Pause a task: its chunks and its merge are refused until it is resumed", "uploader tasks pause part-1",
            (client, fileId, cancellationToken) => client.PauseTaskAsync(fileId, cancellationToken));

    public static Command Resume(CliContext cli, GlobalOptions global) =>
        Create(cli, global, "resume", "Resume a paused or failed task", "uploader tasks resume part-1",
            (client, fileId, cancellationToken) => client.ResumeTaskAsync(fileId, cancellationToken));

    private static Command Create(
        CliContext cli, GlobalOptions global, string name, string description, string example, Func<UploaderClient, string, CancellationToken, Task<TaskSummary>> change)
    {
        var fileId = new Argument<string>("file_id") { Description = "The task id" };
        var command = new Command(name, description) { fileId }.WithExamples(example);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var task = await change(run.Client, parse.GetRequiredValue(fileId), cancellationToken);
            return run.Output.WriteServerAnswer(task.Raw, task, writer => TaskSummaryText.Write(writer, task));
        });
        return command;
    }
}
