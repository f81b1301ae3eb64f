using System.CommandLine;
using Uploader.Cli.Output;

namespace Uploader.Cli.Commands;

internal static class LimitsCommand
{
    public static Command Create(CliContext cli, GlobalOptions global)
    {
        var command = new Command("limits", "Show what the server accepts: largest file and chunk, most chunks, allowed extensions")
            .WithExamples(
                "uploader limits",
                "uploader limits --json | jq .max_chunk_size");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = new CommandRun(cli, global, parse);
            var limits = await run.Client.GetLimitsAsync(cancellationToken);
            return run.Output.WriteServerAnswer(limits.Raw, limits, writer => new TextTable()
                .Add("max_file_size", $"{Display.Bytes(limits.MaxFileSize)} ({Display.Number(limits.MaxFileSize)} bytes)")
                .Add("max_chunk_size", $"{Display.Bytes(limits.MaxChunkSize)} ({Display.Number(limits.MaxChunkSize)} bytes)")
                .Add("max_chunks", Display.Number(limits.MaxChunks))
                .Add("allowed_extensions", limits.AllowedExtensions.Count == 0 ? "any" : string.Join(", ", limits.AllowedExtensions))
                .Add("enable_integrity_check", limits.EnableIntegrityCheck ? "true" : "false")
                .Add("on_conflict", Display.OrDash(limits.OnConflict))
                .WriteTo(writer));
        });
        return command;
    }
}
