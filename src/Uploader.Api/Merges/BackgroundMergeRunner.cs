using System.Threading.Channels;
using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.RunMerge;

namespace Uploader.Api.Merges;

/// <summary>
/// Runs the merges that merge_chunks claimed in its background form, at most <see cref="MaxConcurrent"/> at a time,
/// each through the mediator in a service scope of its own (fresh database context, the merge behaviours).
/// </summary>
/// <remarks>
/// When the host stops, no queued merge is started any more and the running ones are awaited for as long as the
/// host's shutdown timeout lets them. Whatever is left (queued, or cut off by the timeout or a crash) stays merging
/// in the database and is settled by the start-up reconciliation: completed when its file was published, else back
/// to uploading with last_error, so the client merges again (docs/reliability.md).
/// </remarks>
public sealed partial class BackgroundMergeRunner(IServiceScopeFactory scopes, ILogger<BackgroundMergeRunner> logger)
    : BackgroundService, IBackgroundMerges
{
    /// <summary>
    /// Merges read and write the disks at full speed and take two cores each (ChunkMerger's two hashes): more at once
    /// would only share the same bandwidth, and chunk uploads would wait behind them.
    /// </summary>
    public const int MaxConcurrent = 2;

    private readonly Channel<RunMergeCommand> _queue = Channel.CreateUnbounded<RunMergeCommand>(new() { SingleReader = false });

    private int _pending;

    /// <summary>Merges queued or running.</summary>
    public int Pending => _pending;

    public void Enqueue(string fileId, string? expectedMd5)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new RunMergeCommand(fileId, expectedMd5)))
        {
            // Only after the host stopped: the task stays merging for the next start's reconciliation.
            Interlocked.Decrement(ref _pending);
            LogNotQueued(fileId);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, MaxConcurrent).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (stoppingToken.IsCancellationRequested || !_queue.Reader.TryRead(out var merge))
                {
                    continue;
                }

                await RunAsync(merge);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the queued merges are left to the start-up reconciliation.
        }
    }

    private async Task RunAsync(RunMergeCommand merge)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            // Not the stopping token: a merge that started runs to its end, like one a client waits for.
            await mediator.Send(merge, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The task already records the outcome (uploading with last_error, or failed), as after a waiting merge;
            // the behaviours logged and counted it. This line only ties it to the background run.
            LogBackgroundMergeEnded(merge.FileId, ex.GetType().Name);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _queue.Writer.TryComplete();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background merge of task {FileId} ended with {Error}")]
    private partial void LogBackgroundMergeEnded(string fileId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merge of task {FileId} not queued: the server is stopping; the start-up reconciliation settles it")]
    private partial void LogNotQueued(string fileId);
}
