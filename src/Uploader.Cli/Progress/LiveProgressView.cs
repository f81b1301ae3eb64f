using Spectre.Console;
using Uploader.Client;

namespace Uploader.Cli.Progress;

/// <summary>Spectre.Console bars on the terminal, one per file, with the client's rate and ETA.</summary>
internal sealed class LiveProgressView(TextWriter stdout) : IProgressView
{
    public Task<T> ShowAsync<T>(Func<IProgress<UploadProgress>?, Task<T>> upload)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        return console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new RateAndEtaColumn(),
                new SpinnerColumn())
            .StartAsync(context => upload(new LiveProgressBars(context)));
    }
}
