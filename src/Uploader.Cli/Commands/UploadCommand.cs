using System.CommandLine;
using Uploader.Cli.Output;
using Uploader.Cli.Progress;

namespace Uploader.Cli.Commands;

internal static class UploadCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var options = new UploadCommandOptions();
        var command = new Command("upload", "Upload files and folders; a rerun resumes what the server already holds") { options.Paths }
            .WithExamples(
                "uploader upload big.iso --relative-path isos/big.iso",
                "uploader upload photos/ notes.txt --parallel 8",
                "uploader upload backup.tar --chunk-size 64MiB --json | jq -r '.uploads[0].file_id'");
        foreach (var option in options.Options)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(options.Validate);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var targets = UploadTargets.Resolve(parse.GetRequiredValue(options.Paths));
            using var run = new CommandRun(cli, global, parse);
            var upload = new UploadRun(run.Client, options.ToUploadOptions(parse));
            var view = IProgressView.Choose(cli, run.Json, parse.GetValue(options.Quiet));
            var results = await view.ShowAsync(progress => upload.RunAsync(targets, progress, cancellationToken));
            return run.Output.Write(UploadReport.Of(results), writer => UploadResultText.Write(writer, results));
        });
        return command;
    }
}
