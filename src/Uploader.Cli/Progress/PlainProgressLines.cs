using Uploader.Client;

namespace Uploader.Cli.Progress;

/// <summary>
/// Progress for logs and pipes: a line when a file changes phase, crosses a 10 % step, tries to reach the server
/// again, or has been quiet for the interval, so a long upload neither floods the log nor looks stuck.
/// </summary>
internal sealed class PlainProgressLines(TextWriter stderr, TimeSpan interval, TimeProvider clock) : IProgress<UploadProgress>
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (UploadPhase Phase, int Decile, int Attempt, long Timestamp)> lastLines = [];

    public void Report(UploadProgress value)
    {
        lock (gate)
        {
            var now = clock.GetTimestamp();
            var decile = ProgressLine.Percent(value) / 10;
            if (lastLines.TryGetValue(value.FileId, out var last)
                && last.Phase == value.Phase
                && last.Decile >= decile
                && last.Attempt == value.ReconnectAttempt
                && clock.GetElapsedTime(last.Timestamp, now) < interval)
            {
                return;
            }

            lastLines[value.FileId] = (value.Phase, decile, value.ReconnectAttempt, now);
            stderr.WriteLine(ProgressLine.Format(value));
        }
    }
}
