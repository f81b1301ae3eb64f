using Spectre.Console;
using Uploader.Client;

namespace Uploader.Cli.Progress;

/// <summary>Moves one Spectre bar per file; reports come from the upload's worker threads.</summary>
internal sealed class LiveProgressBars(ProgressContext context) : IProgress<UploadProgress>
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ProgressTask> bars = [];

    public void Report(UploadProgress value)
    {
        lock (gate)
        {
            // A zero-byte file still needs a non-zero maximum for the bar to reach 100 %.
            var maximum = Math.Max(1, value.TotalBytes);
            if (!bars.TryGetValue(value.FileId, out var bar))
            {
                bar = context.AddTask(Describe(value), maxValue: maximum);
                bars[value.FileId] = bar;
            }

            bar.Description = Describe(value);
            bar.MaxValue = maximum;
            bar.Value = ProgressLine.Percent(value) == 100 ? maximum : value.BytesSent;
            bar.State.Update<double>(RateAndEtaColumn.RateKey, _ => value.Phase == UploadPhase.Uploading ? value.BytesPerSecond : 0);
            if (value.Phase == UploadPhase.Completed)
            {
                bar.StopTask();
            }
        }
    }

    private static string Describe(UploadProgress value) => value.Phase switch
    {
        UploadPhase.Uploading or UploadPhase.Completed => Markup.Escape(value.RelativePath),
        UploadPhase.Reconnecting => Markup.Escape($"{value.RelativePath}: {ProgressLine.Reconnecting(value)}"),
        _ => Markup.Escape($"{value.RelativePath} ({value.Phase.ToString().ToLowerInvariant()})"),
    };
}
