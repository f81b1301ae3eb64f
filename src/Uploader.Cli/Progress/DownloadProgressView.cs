using Spectre.Console;
using Uploader.Cli.Output;
using Uploader.Client;

namespace Uploader.Cli.Progress;

/// <summary>
/// A download's progress: a live bar on a terminal, else plain lines on stderr at every 10 % step and at least every
/// interval (<c>report.pdf: 40% 8.0 MiB of 19.1 MiB, 2.5 MiB/s</c>), or nothing.
/// </summary>
internal sealed class DownloadProgressView(CliContext cli, bool live, bool quiet)
{
    public static DownloadProgressView Choose(CliContext cli, bool json, bool quiet) =>
        new(cli, cli.Environment.OutputIsTerminal && !json, quiet);

    public Task<T> ShowAsync<T>(Func<IProgress<DownloadProgress>?, Task<T>> download)
    {
        if (quiet)
        {
            return download(null);
        }

        if (!live)
        {
            return download(new PlainLines(cli.Stderr, cli.Environment.PlainProgressInterval, TimeProvider.System));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(cli.Stdout) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(context => download(new Bar(context)));
    }

    public static int Percent(DownloadProgress value) =>
        value.TotalBytes > 0 ? (int)(100 * value.BytesDone / value.TotalBytes) : 100;

    private sealed class PlainLines(TextWriter stderr, TimeSpan interval, TimeProvider clock) : IProgress<DownloadProgress>
    {
        private int _decile = -1;
        private long _timestamp;

        public void Report(DownloadProgress value)
        {
            var now = clock.GetTimestamp();
            var decile = Percent(value) / 10;
            if (decile <= _decile && clock.GetElapsedTime(_timestamp, now) < interval)
            {
                return;
            }

            (_decile, _timestamp) = (decile, now);
            stderr.WriteLine(
                $"{Path.GetFileName(value.Path)}: {Percent(value)}% {Display.Bytes(value.BytesDone)} of {Display.Bytes(value.TotalBytes)}, {Display.Rate(value.BytesPerSecond)}");
        }
    }

    private sealed class Bar(ProgressContext context) : IProgress<DownloadProgress>
    {
        private ProgressTask? _task;

        public void Report(DownloadProgress value)
        {
            _task ??= context.AddTask(Markup.Escape(Path.GetFileName(value.Path)), maxValue: Math.Max(1, value.TotalBytes));
            _task.MaxValue = Math.Max(1, value.TotalBytes);
            _task.Value = Percent(value) == 100 ? _task.MaxValue : value.BytesDone;
        }
    }
}
