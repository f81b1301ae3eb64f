using System.CommandLine;
using Uploader.Cli.Commands.Tasks;

namespace Uploader.Cli.Commands;

internal static class CommandTree
{
    public static RootCommand Build(CliContext cli, GlobalOptions global)
    {
        var root = new RootCommand("Client of the Uploader server: chunked, resumable uploads and task management.")
        {
            UploadCommand.Create(cli, global),
            StatusCommand.Create(cli, global),
            TasksCommand.Create(cli, global),
            HealthCommand.Create(cli, global),
        };
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        return root;
    }
}
