using System.Threading.Channels;
using Mediator;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.MergeChunks;
using Uploader.Application.Tasks.Commands.RunMerge;

namespace Uploader.Api.Merges;

/// <summary>
/// Runs the merges that merge_chunks claimed in its background form, at most <see cref="MaxConcurrent"/> at a time,
/// each through the mediator in a service scope of its own (fresh database context, the merge behaviours).
/// </summary>
/// <remarks>
/// When the host stops, no queued merge is started any more and the running ones are awaited for as long as the
/// host's shutdown timeout lets them. Whatever is left (queued, or cut off by the timeout or a crash) stays merging
/// in the database under a lease that is no longer renewed, and is settled once it ran out by another instance's
/// recovery, or at once by this instance's next start: completed when its file was published, else back to uploading
/// with last_error, so the client merges again (docs/reliability.md, ADR 0010).
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

    public void Enqueue(string fileId, string? expectedMd5, MergeLease lease)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new RunMergeCommand(fileId, expectedMd5, lease)))
        {
            // Only after the host stopped: the task stays merging, its lease runs out, and it is settled by another
            // instance's recovery or this one's next start.
            Interlocked.Decrement(ref _pending);
            LogNotQueued(fileId);
            _ = lease.DisposeAsync().AsTask();
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
                if (!_queue.Reader.TryRead(out var merge))
                {
                    continue;
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    await LeaveAsync(merge);
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
            // The handler disposes it too; this covers a run that failed before reaching the handler.
            await merge.Lease.DisposeAsync();
            Interlocked.Decrement(ref _pending);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var merge))
        {
            await LeaveAsync(merge);
        }
    }

    /// <summary>A queued merge not started because the host stops: its lease is no longer renewed and runs out.</summary>
    private async Task LeaveAsync(RunMergeCommand merge)
    {
        await merge.Lease.DisposeAsync();
        Interlocked.Decrement(ref _pending);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background merge of task {FileId} ended with {Error}")]
    private partial void LogBackgroundMergeEnded(string fileId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merge of task {FileId} not queued: the server is stopping; the start-up reconciliation settles it")]
    private partial void LogNotQueued(string fileId);
}
