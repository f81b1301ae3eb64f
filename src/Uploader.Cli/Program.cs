using System.Runtime.InteropServices;
using Uploader.Cli;

using var cancellation = new CancellationTokenSource();

// The first Ctrl+C (or SIGTERM) cancels the upload so the run ends with exit code 130 and a rerun resumes;
// a second Ctrl+C falls through to the default and kills the process.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await UploaderCli.RunAsync(args, Console.Out, Console.Error, CliEnvironment.FromProcess(), cancellation.Token);
