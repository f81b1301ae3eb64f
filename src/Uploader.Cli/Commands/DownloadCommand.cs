using System.CommandLine;
using Uploader.Cli.Output;
using Uploader.Cli.Progress;

namespace Uploader.Cli.Commands;

internal static class DownloadCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var fileId = new Argument<string>("file_id") { Description = "The completed upload's task id" };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Where to write the file [default: the server's name for it, in the current folder]",
            HelpName = "path",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the file at the output path if there is one" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress output" };
        var command = new Command("download", "Download a completed upload's merged file; a rerun resumes a broken download from PATH.part")
        {
            fileId, output, force, quiet,
        }.WithExamples(
            "uploader download f-93470d06e7c3f2d67636130938f272c2565628f8",
            "uploader download report-2026 -o ~/report.pdf --force");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var view = DownloadProgressView.Choose(cli, run.Json, parse.GetValue(quiet));
            var result = await view.ShowAsync(progress => run.Client.DownloadAsync(
                parse.GetRequiredValue(fileId), parse.GetValue(output), parse.GetValue(force), progress, cancellationToken));
            return run.Output.Write(DownloadReport.Of(result), writer => DownloadReport.WriteText(writer, result));
        });
        return command;
    }
}
