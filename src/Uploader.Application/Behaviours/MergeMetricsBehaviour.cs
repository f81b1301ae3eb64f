using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;

namespace Uploader.Application.Behaviours;

/// <summary>
/// Reports every merge command with its outcome and duration, refusals included (a merge refused for missing
/// chunks is exactly what an operator wants to see counted).
/// </summary>
public sealed class MergeMetricsBehaviour(IUploadMetrics metrics, TimeProvider clock)
    : IPipelineBehavior<MergeChunksCommand, MergeChunksResult>
{
    public async ValueTask<MergeChunksResult> Handle(
        MergeChunksCommand message, MessageHandlerDelegate<MergeChunksCommand, MergeChunksResult> next, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        try
        {
            var result = await next(message, cancellationToken);
            metrics.MergeFinished(clock.GetElapsedTime(started), null);
            return result;
        }
        catch (Exception ex)
        {
            metrics.MergeFinished(clock.GetElapsedTime(started), ex);
            throw;
        }
    }
}
