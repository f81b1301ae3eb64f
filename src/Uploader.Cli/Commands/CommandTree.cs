using System.CommandLine;
using Uploader.Cli.Commands.Tasks;

namespace Uploader.Cli.Commands;

internal static class CommandTree
{
    public static RootCommand Build(CliContext cli, GlobalOptions global)
    {
        var root = new RootCommand("Client of the Uploader server: chunked, resumable uploads, downloads and task management.")
        {
            UploadCommand.Create(cli, global),
            DownloadCommand.Create(cli, global),
            StatusCommand.Create(cli, global),
            TasksCommand.Create(cli, global),
            HealthCommand.Create(cli, global),
            LimitsCommand.Create(cli, global),
        }.WithExamples(
            "export UPLOADER_KEY=$(cat data/secret.key)",
            "uploader upload big.iso --relative-path isos/big.iso",
            "uploader tasks list --status uploading",
            "uploader download f-93470d06e7c3f2d67636130938f272c2565628f8 -o big.iso",
            "uploader upload --help");
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        CommandHelp.ShowExamples(root);
        return root;
    }
}
