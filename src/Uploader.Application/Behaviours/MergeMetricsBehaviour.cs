using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;

namespace Uploader.Application.Behaviours;

/// <summary>
/// The one place a merge is timed: reports every merge command with its outcome and duration, refusals included
/// (a merge refused for missing chunks is exactly what an operator wants to see counted), puts the duration on the
/// result as merge_time_ms when the command assembled the file, and logs that it did.
/// </summary>
/// <remarks>
/// A request answered "merging" is not a finished merge: nothing is reported for it, and the background run it
/// queued (<see cref="Tasks.Commands.RunMerge.RunMergeCommand"/>, through this same behaviour) reports the outcome.
/// </remarks>
public sealed partial class MergeMetricsBehaviour<TMessage, TResponse>(
    IUploadMetrics metrics, TimeProvider clock, ILogger<MergeMetricsBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMergeCommand
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        TResponse response;
        try
        {
            response = await next(message, cancellationToken);
        }
        catch (Exception ex)
        {
            metrics.MergeFinished(clock.GetElapsedTime(started), ex);
            throw;
        }

        if (response is MergeRunning)
        {
            return response;
        }

        var elapsed = clock.GetElapsedTime(started);
        metrics.MergeFinished(elapsed, null);
        if (response is MergeCompleted { Assembled: true } merged)
        {
            LogMerged(merged.FileId, merged.FilePath, merged.Size, (long)elapsed.TotalMilliseconds);
            return (TResponse)(object)(merged with { MergeTime = elapsed });
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {FileId} merged into {FinalPath} ({Size} bytes) in {ElapsedMs} ms")]
    private partial void LogMerged(string fileId, string finalPath, long size, long elapsedMs);
}
