using System.CommandLine;

namespace Uploader.Cli.Commands.Tasks;

/// <summary><c>uploader tasks list|show|pause|resume|delete|cleanup</c>.</summary>
internal static class TasksCommand
{
    public static Command Create(CliContext cli, GlobalOptions global) =>
        new("tasks", "List and manage the server's upload tasks")
        {
            TasksListCommand.Create(cli, global),
            TasksShowCommand.Create(cli, global),
            TaskStateCommand.Pause(cli, global),
            TaskStateCommand.Resume(cli, global),
            TasksDeleteCommand.Create(cli, global),
            TasksCleanupCommand.Create(cli, global),
        };
}
