using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

/// <summary>
/// Takes the storage's count of bytes written and puts it on the task row at most once per <see cref="Interval"/>,
/// so that any instance answers upload_status with it (docs/adr/0008-background-merges-and-progress.md).
/// </summary>
/// <remarks>
/// <see cref="Report"/> is called from the storage's write stage for every block and never waits: it starts a write
/// only when the last one has finished and an interval has passed. Disposing waits for the write in flight, so the
/// repository's context is the merge's again before its next save.
/// </remarks>
internal sealed partial class MergeProgress(IUploadTaskRepository tasks, Guid taskId, TimeProvider clock, ILogger logger)
    : IProgress<long>, IAsyncDisposable
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private long _lastWrite = clock.GetTimestamp();
    private Task _inFlight = Task.CompletedTask;
    private bool _closed;

    /// <summary>Records zero for this merge, so no figure of an earlier, interrupted one is shown.</summary>
    public Task StartAsync() => RecordAsync(0);

    public void Report(long value)
    {
        lock (_gate)
        {
            if (_closed || !_inFlight.IsCompleted || clock.GetElapsedTime(_lastWrite) < Interval)
            {
                return;
            }

            _lastWrite = clock.GetTimestamp();
            _inFlight = RecordAsync(value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task last;
        lock (_gate)
        {
            _closed = true;
            last = _inFlight;
        }

        await last;
    }

    private async Task RecordAsync(long mergedBytes)
    {
        try
        {
            await tasks.RecordMergeProgressAsync(taskId, mergedBytes, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The figure is for display; a busy or failing database must not fail the merge over it.
            LogProgressNotRecorded(ex, taskId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merge progress of task {TaskId} could not be recorded")]
    private partial void LogProgressNotRecorded(Exception exception, Guid taskId);
}
