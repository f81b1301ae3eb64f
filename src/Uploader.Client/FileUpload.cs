using System.Globalization;
using System.Net.Http.Json;

namespace Uploader.Client;

/// <summary>
/// One file's upload: ask which chunks the server has, send the others in parallel, merge with the file's md5, and
/// send again whatever the merge reports corrupt or missing. A task completed earlier whose merged file the server no
/// longer has is not taken as done: the file goes up again as a new task.
/// </summary>
internal sealed class FileUpload(
    RequestRunner runner,
    ServerEndpoints endpoints,
    FileInfo file,
    string fileId,
    string relativePath,
    UploadOptions options,
    TimeSpan pollDelay,
    LocalFileReader files,
    IProgress<UploadProgress>? progress)
{
    /// <summary>Rounds of re-sending after a merge refusal; a chunk corrupted again and again is a server fault to report.</summary>
    private const int MaxRepairRounds = 3;

    private const int StatusAccepted = 202;
    private const string PreferHeader = "Prefer";
    private const string RespondAsync = "respond-async";

    /// <summary>The longest wait between two status polls of a background merge.</summary>
    private static readonly TimeSpan LongestPollDelay = TimeSpan.FromSeconds(5);

    private int _chunksSent;

    /// <summary>The given id, or, when that task is completed but its merged file is gone, the new task's id.</summary>
    private string _fileId = string.Empty;

    /// <summary>The answer of the status call that chose the task (null: no task yet), used by the first round instead of asking again.</summary>
    private (bool Known, UploadStatus? Status) _chosen;

    /// <summary>Chunks the server had before this run sent any (from its first answer).</summary>
    private int? _storedBefore;

    /// <summary>Between two rounds against an unreachable server: each round already spent its own retries.</summary>
    private TimeSpan ReconnectDelay => pollDelay > TimeSpan.FromSeconds(1) ? pollDelay : TimeSpan.FromSeconds(1);

    public async Task<UploadResult> RunAsync(CancellationToken cancellationToken)
    {
        file.Refresh();
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The file '{file.FullName}' does not exist.", file.FullName);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, 1, nameof(options.ChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1, nameof(options.Parallelism));

        var layout = new ChunkLayout(file.Length, options.ChunkSize);
        var meter = new ProgressMeter(fileId, relativePath, layout, progress);

        // Before the file is read: which task, and whether the server's copy of a completed one is still there.
        var (reuploadOf, reason) = await ReconnectingAsync(token => ChooseTaskAsync(meter, token), meter, cancellationToken).ConfigureAwait(false);
        meter.FileId = _fileId;
        var hasher = new ChunkHasher(layout, files);
        using var stopHashing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hashing = hasher.RunAsync(file.FullName, stopHashing.Token);
        try
        {
            meter.Report(UploadPhase.Hashing);
            var merged = await ReconnectingAsync(token => SendAndMergeAsync(layout, hasher, meter, token), meter, cancellationToken).ConfigureAwait(false);
            meter.Report(UploadPhase.Completed);
            return new UploadResult(_fileId, merged.FilePath, merged.Md5, merged.Size, merged.RelativePath ?? relativePath, _chunksSent, _storedBefore ?? 0, meter.Elapsed)
            {
                ReuploadOf = reuploadOf,
                ReuploadReason = reason,
            };
        }
        finally
        {
            await stopHashing.CancelAsync().ConfigureAwait(false);
            await hashing.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the upload again from the server's list of stored chunks when the server stays unreachable beyond a
    /// request's retries, until <see cref="UploadOptions.ReconnectTimeout"/> passes without a chunk getting through.
    /// </summary>
    private async Task<T> ReconnectingAsync<T>(Func<CancellationToken, Task<T>> upload, ProgressMeter meter, CancellationToken cancellationToken)
    {
        var outageStart = TimeProvider.System.GetTimestamp();
        var sentAtOutage = -1;
        while (true)
        {
            try
            {
                return await upload(cancellationToken).ConfigureAwait(false);
            }
            catch (UploaderApiException ex) when (ex.Code == UploaderApiException.UnreachableCode && !cancellationToken.IsCancellationRequested)
            {
                var sent = Volatile.Read(ref _chunksSent);
                if (sent != sentAtOutage)
                {
                    outageStart = TimeProvider.System.GetTimestamp();
                    sentAtOutage = sent;
                }

                if (TimeProvider.System.GetElapsedTime(outageStart) >= options.ReconnectTimeout)
                {
                    throw;
                }

                meter.Reconnecting(ReconnectDelay);
                await Task.Delay(ReconnectDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Follows the id to the task that holds this file: a completed task whose merged file is <c>missing</c> or
    /// <c>replaced</c> on the server leads to the task derived from it, and so on, so a rerun finds the same one.
    /// Returns the first task that was passed over, and why.
    /// </summary>
    private async Task<(string? ReuploadOf, string? Reason)> ChooseTaskAsync(ProgressMeter meter, CancellationToken cancellationToken)
    {
        (string?, string?) passedOver = (null, null);
        _fileId = fileId;
        while (true)
        {
            var status = await StatusAsync(meter, cancellationToken).ConfigureAwait(false);
            if (status is not { Status: "completed", MergedFile: "missing" or "replaced" })
            {
                // A new task completed by an earlier run holds the file: this run uploads nothing again.
                _chosen = (true, status);
                return status?.Status == "completed" ? (null, null) : passedOver;
            }

            passedOver = passedOver.Item1 is null ? (_fileId, status.MergedFile) : passedOver;
            _fileId = FileIdentity.Again(_fileId);
        }
    }

    private async Task<MergeAnswer> SendAndMergeAsync(ChunkLayout layout, ChunkHasher hasher, ProgressMeter meter, CancellationToken cancellationToken)
    {
        var status = _chosen.Known ? _chosen.Status : await StatusAsync(meter, cancellationToken).ConfigureAwait(false);
        _chosen = default;
        var stored = status?.UploadedChunks ?? [];
        _storedBefore ??= stored.Count;
        meter.Stored(stored);
        if (status?.Status != "completed")
        {
            var missing = Enumerable.Range(0, layout.TotalChunks).Except(stored).ToList();
            await SendChunksAsync(missing, layout, hasher, meter, cancellationToken).ConfigureAwait(false);
        }

        return await MergeAsync(layout, hasher, meter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The task as the server has it, or null when it has none yet.</summary>
    private async Task<UploadStatus?> StatusAsync(ProgressMeter meter, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await runner.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Get, endpoints.UploadStatus(_fileId)),
                static _ => false,
                static _ => false,
                OnRetry(meter),
                cancellationToken).ConfigureAwait(false);
            return WireJson.Read<UploadStatus>(answer.Body);
        }
        catch (UploaderApiException ex) when (ex.Code == "task_not_found")
        {
            return null;
        }
    }

    private async Task SendChunksAsync(IReadOnlyCollection<int> indexes, ChunkLayout layout, ChunkHasher hasher, ProgressMeter meter, CancellationToken cancellationToken)
    {
        meter.Report(UploadPhase.Uploading);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(indexes, parallel, async (index, token) =>
        {
            var md5 = await hasher.ChunkMd5Async(index, token).ConfigureAwait(false);
            await runner.SendAsync(() => ChunkRequest(layout, index, md5), static _ => false, static _ => false, OnRetry(meter), token).ConfigureAwait(false);
            Interlocked.Increment(ref _chunksSent);
            meter.Sent(index);
        }).ConfigureAwait(false);
    }

    private HttpRequestMessage ChunkRequest(ChunkLayout layout, int index, string md5)
    {
        var form = new MultipartFormDataContent
        {
            { Field(_fileId), WireFields.FileId },
            { Field(Number(index)), WireFields.ChunkIndex },
            { Field(Number(layout.TotalChunks)), WireFields.TotalChunks },
            { Field(Number(layout.FileSize)), WireFields.FileSize },
            { Field(md5), WireFields.Md5 },
            { Field(relativePath), WireFields.RelativePath },
        };

        // An empty file is one chunk of 0 bytes, which no chunk_size describes (ceil(0 / n) is 0, not 1).
        if (layout.FileSize > 0)
        {
            form.Add(Field(Number(layout.ChunkSize)), WireFields.ChunkSize);
        }

        form.Add(new FileSegmentContent(files, file.FullName, layout.Offset(index), layout.Length(index)), WireFields.Chunk, Path.GetFileName(relativePath));

        // The server refuses a chunk over its limit on the headers: waiting for its 100 lets the client read that
        // 413 and its code instead of a connection broken in the middle of the body.
        var request = new HttpRequestMessage(HttpMethod.Post, endpoints.UploadChunk) { Content = form };
        request.Headers.ExpectContinue = true;
        return request;
    }

    private async Task<MergeAnswer> MergeAsync(ChunkLayout layout, ChunkHasher hasher, ProgressMeter meter, CancellationToken cancellationToken)
    {
        var md5 = await hasher.FileMd5Async(cancellationToken).ConfigureAwait(false);
        var inBackground = layout.FileSize >= options.BackgroundMergeFrom;
        for (var repairs = 0; ; )
        {
            meter.Report(UploadPhase.Merging);
            try
            {
                // A merge answered 500 has left the task failed: another attempt would only be refused as
                // invalid_state and hide the reason. 502-504 come from a proxy and say nothing about the task.
                var background = inBackground;
                var answer = await runner.SendAsync(
                    () => MergeRequest(layout, md5, background),
                    static _ => false,
                    static status => status == 500,
                    OnRetry(meter),
                    cancellationToken).ConfigureAwait(false);
                if (answer.Status != StatusAccepted)
                {
                    // 200: merged (also a server without the background form, which ignores async and merges at once).
                    return WireJson.Read<MergeAnswer>(answer.Body);
                }

                var outcome = await WhileMergingAsync(meter, cancellationToken).ConfigureAwait(false);
                if (outcome is { Status: "completed", FilePath: { } path, Md5: { } merged })
                {
                    return new MergeAnswer { FilePath = path, Md5 = merged, Size = outcome.FileSize };
                }

                // The background merge ended without a file (a refusal, or a failure): upload_status does not say
                // why, so the next round waits for its answer, whose refusal names the reason (or repairs it below).
                inBackground = false;
            }
            catch (UploaderApiException ex) when (ex.Code is "corrupt_chunks" or "chunks_missing" && repairs < MaxRepairRounds)
            {
                var again = ex.Code == "corrupt_chunks" ? ex.CorruptChunks : ex.MissingChunks;
                if (again.Count == 0)
                {
                    throw;
                }

                repairs++;
                meter.Lost(again);
                await SendChunksAsync(again, layout, hasher, meter, cancellationToken).ConfigureAwait(false);
            }
            catch (UploaderApiException ex) when (ex.Code == "merge_in_progress")
            {
                // An earlier attempt's merge is still running (its answer was lost): wait for it to end either way.
                await WhileMergingAsync(meter, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private HttpRequestMessage MergeRequest(ChunkLayout layout, string md5, bool inBackground)
    {
        var body = new Dictionary<string, object>
        {
            [WireFields.FileId] = _fileId,
            [WireFields.TotalChunks] = layout.TotalChunks,
            [WireFields.RelativePath] = relativePath,
            [WireFields.ExpectedMd5] = md5,
        };
        if (inBackground)
        {
            body[WireFields.Async] = true;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, endpoints.MergeChunks) { Content = JsonContent.Create(body) };
        if (inBackground)
        {
            request.Headers.TryAddWithoutValidation(PreferHeader, RespondAsync);
        }

        return request;
    }

    /// <summary>
    /// Polls upload_status until the task is no longer merging, starting at the client's poll delay and doubling up to
    /// <see cref="LongestPollDelay"/>: a long merge costs a request every few seconds, a short one is seen at once.
    /// </summary>
    /// <returns>The first status that is not merging; null when the task is gone.</returns>
    private async Task<UploadStatus?> WhileMergingAsync(ProgressMeter meter, CancellationToken cancellationToken)
    {
        var delay = pollDelay;
        while (true)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            var status = await StatusAsync(meter, cancellationToken).ConfigureAwait(false);
            if (status?.Status != "merging")
            {
                return status;
            }

            meter.Merging(status.MergedBytes);
            delay = delay * 2 < LongestPollDelay ? delay * 2 : LongestPollDelay;
        }
    }

    /// <summary>A retry after no answer at all shows as reconnecting; a retried 429 or 5xx is an answer.</summary>
    private static Action<RetryNotice> OnRetry(ProgressMeter meter) => notice =>
    {
        if (TransientFaults.IsNoAnswer(notice.Failure))
        {
            meter.Reconnecting(notice.Delay);
        }
    };

    private static StringContent Field(string value) => new(value);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
