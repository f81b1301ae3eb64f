using System.CommandLine;
using Uploader.Cli.Output;

namespace Uploader.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var fileId = new Argument<string>("file_id") { Description = "The upload's task id" };
        var command = new Command("status", "Show which chunks of an upload the server holds") { fileId }
            .WithExamples(
                "uploader status f-93470d06e7c3f2d67636130938f272c2565628f8",
                "uploader status report-2026 --json | jq .uploaded_chunks");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var status = await run.Client.GetUploadStatusAsync(parse.GetRequiredValue(fileId), cancellationToken);
            return run.Output.WriteServerAnswer(status.Raw, status, writer => UploadStatusText.Write(writer, status));
        });
        return command;
    }
}
