using System.CommandLine;
using Uploader.Cli.Output;

namespace Uploader.Cli.Commands;

internal static class HealthCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var command = new Command("health", "Show the server's health checks; exit code 7 when it is unhealthy")
            .WithExamples(
                "uploader health",
                "uploader health --server http://files.example:18101 --json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var report = await run.Client.GetHealthAsync(cancellationToken);
            run.Output.WriteServerAnswer(report.Raw, report, writer => HealthReportText.Write(writer, report));
            return report.Status == "unhealthy" ? ExitCodes.ServerUnhealthy : ExitCodes.Success;
        });
        return command;
    }
}
