using System.Diagnostics;

namespace Uploader.Client;

/// <summary>Counts what the server holds of one file and reports it; safe to call from parallel chunk uploads.</summary>
internal sealed class ProgressMeter(string fileId, string relativePath, ChunkLayout layout, IProgress<UploadProgress>? progress)
{
    /// <summary>The task reported; changes once, before hashing, when the upload goes to a new task.</summary>
    public string FileId { get; set; } = fileId;

    private readonly Lock _gate = new();
    private readonly bool[] _done = new bool[layout.TotalChunks];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _bytesDone;
    private int _chunksDone;
    private long _bytesSentThisRun;
    private int _reconnectAttempts;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Chunks the server already had when this run began: done, but not sent, so not in the rate.</summary>
    public void Stored(IEnumerable<int> indexes)
    {
        lock (_gate)
        {
            foreach (var index in indexes.Where(i => i >= 0 && i < _done.Length))
            {
                MarkDone(index);
            }
        }
    }

    public void Sent(int index)
    {
        lock (_gate)
        {
            _bytesSentThisRun += layout.Length(index);
            _reconnectAttempts = 0;
            MarkDone(index);
        }

        Report(UploadPhase.Uploading);
    }

    /// <summary>Chunks the server no longer counts (a merge found them corrupt or missing).</summary>
    public void Lost(IEnumerable<int> indexes)
    {
        lock (_gate)
        {
            foreach (var index in indexes.Where(i => i >= 0 && i < _done.Length && _done[i]))
            {
                _done[index] = false;
                _chunksDone--;
                _bytesDone -= layout.Length(index);
            }
        }
    }

    /// <summary>The server gave no answer; the next try comes after <paramref name="wait"/>. Attempts count until a chunk gets through.</summary>
    public void Reconnecting(TimeSpan wait)
    {
        int attempt;
        lock (_gate)
        {
            attempt = ++_reconnectAttempts;
        }

        Report(UploadPhase.Reconnecting, attempt, wait);
    }

    public void Report(UploadPhase phase) => Report(phase, 0, TimeSpan.Zero);

    /// <summary>A background merge's progress, as upload_status told it.</summary>
    public void Merging(long? mergedBytes) => Report(UploadPhase.Merging, 0, TimeSpan.Zero, mergedBytes);

    private void Report(UploadPhase phase, int reconnectAttempt, TimeSpan nextAttemptIn, long? mergedBytes = null)
    {
        if (progress is null)
        {
            return;
        }

        UploadProgress snapshot;
        lock (_gate)
        {
            var seconds = _clock.Elapsed.TotalSeconds;
            var rate = seconds > 0 ? _bytesSentThisRun / seconds : 0;
            snapshot = new UploadProgress(FileId, relativePath, _bytesDone, layout.FileSize, _chunksDone, layout.TotalChunks, rate, phase)
            {
                ReconnectAttempt = reconnectAttempt,
                NextAttemptIn = nextAttemptIn,
                MergedBytes = mergedBytes,
            };
        }

        progress.Report(snapshot);
    }

    private void MarkDone(int index)
    {
        if (!_done[index])
        {
            _done[index] = true;
            _chunksDone++;
            _bytesDone += layout.Length(index);
        }
    }
}
