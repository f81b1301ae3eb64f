using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Uploader.Client;

/// <summary>
/// One merged file from GET files/{file_id} to a local path: streamed into <c>PATH.part</c>, resumed with a Range
/// request (under If-Range) after a broken connection or an earlier run, checked against the ETag (the md5), then
/// renamed into place. A retried attempt asks for what is still missing, not for the whole file again.
/// </summary>
internal sealed class FileDownload(RequestRunner runner, ServerEndpoints endpoints, string fileId, IProgress<DownloadProgress>? progress)
{
    private const int BufferSize = 64 * 1024;
    private const long ReportEvery = 1024 * 1024;

    /// <summary>Times a partial file that no longer fits the server's file (416, a Range not honoured) is thrown away and the download started over.</summary>
    private const int MaxRestarts = 2;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _receivedThisRun;

    /// <summary>Bytes of an earlier run's partial file that the server's 206 continued from (0 after a whole answer).</summary>
    private long _resumedFrom;

    public async Task<DownloadResult> RunAsync(string? path, bool overwrite, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(path ?? await ServerFileNameAsync(cancellationToken).ConfigureAwait(false));
        if (!overwrite && (File.Exists(target) || Directory.Exists(target)))
        {
            throw new DownloadTargetExistsException(target);
        }

        var partial = new PartialDownload(target);
        for (var restarts = 0; ; restarts++)
        {
            var complete = await runner.SendStreamingAsync(
                () => Request(partial),
                static status => status == (int)HttpStatusCode.RequestedRangeNotSatisfiable,
                (response, token) => ReceiveAsync(response, partial, token),
                onRetry: null,
                cancellationToken).ConfigureAwait(false);
            if (complete)
            {
                break;
            }

            partial.Discard();
            if (restarts == MaxRestarts)
            {
                throw new InvalidDataException($"The server's answers for '{fileId}' do not fit together (Range not honoured); nothing was kept.");
            }
        }

        var md5 = await Md5Async(partial.DataPath, cancellationToken).ConfigureAwait(false);
        var expected = partial.ETag?.Tag.Trim('"');
        if (expected is { Length: 32 } && !string.Equals(expected, md5, StringComparison.OrdinalIgnoreCase))
        {
            partial.Discard();
            throw new DownloadChecksumException(target, expected, md5);
        }

        var size = partial.Length;
        partial.Complete(overwrite);
        return new DownloadResult(fileId, target, size, md5, _resumedFrom, _clock.Elapsed);
    }

    private HttpRequestMessage Request(PartialDownload partial)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, endpoints.File(fileId));
        if (partial.ETag is { } etag && partial.Length > 0)
        {
            request.Headers.Range = new RangeHeaderValue(partial.Length, null);
            request.Headers.IfRange = new RangeConditionHeaderValue(etag);
        }

        return request;
    }

    /// <summary>Appends the answer's body to the partial file; false when the partial file does not fit the answer.</summary>
    private async Task<bool> ReceiveAsync(HttpResponseMessage response, PartialDownload partial, CancellationToken cancellationToken)
    {
        long total;
        switch (response.StatusCode)
        {
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                // Asked from the end of the partial file: complete if the file is exactly that long.
                _resumedFrom = partial.Length;
                return response.Content.Headers.ContentRange?.Length == partial.Length;
            case HttpStatusCode.PartialContent:
                if (response.Content.Headers.ContentRange is not { From: { } from, Length: { } length } || from != partial.Length)
                {
                    return false;
                }

                // A retry within this run continues its own bytes: only the first 206 continues an earlier run's.
                _resumedFrom = _receivedThisRun == 0 ? from : _resumedFrom;
                total = length;
                break;
            default:
                _resumedFrom = 0;
                partial.Restart(response.Headers.ETag);
                total = response.Content.Headers.ContentLength ?? -1;
                break;
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var file = partial.OpenAppend();
        await using (body.ConfigureAwait(false))
        await using (file.ConfigureAwait(false))
        {
            await CopyAsync(body, file, file.Length, total, partial.Target, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task CopyAsync(Stream body, FileStream file, long done, long total, string target, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var reported = -ReportEvery;
            while (true)
            {
                if (done - reported >= ReportEvery)
                {
                    Report(target, done, total);
                    reported = done;
                }

                var read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                try
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw new LocalFileWriteException(file.Name, ex);
                }

                done += read;
                _receivedThisRun += read;
            }

            Report(target, done, total < 0 ? done : total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Report(string target, long done, long total)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        progress?.Report(new DownloadProgress(fileId, target, done, total, seconds > 0 ? _receivedThisRun / seconds : 0));
    }

    /// <summary>The name the server gives the file (Content-Disposition of a HEAD), without any folder part.</summary>
    private Task<string> ServerFileNameAsync(CancellationToken cancellationToken) =>
        runner.SendStreamingAsync(
            () => new HttpRequestMessage(HttpMethod.Head, endpoints.File(fileId)),
            static _ => false,
            (response, _) =>
            {
                var disposition = response.Content.Headers.ContentDisposition;
                var name = Path.GetFileName((disposition?.FileNameStar ?? disposition?.FileName ?? string.Empty).Trim('"'));
                return Task.FromResult(name is "" or "." or ".." ? SafeName(fileId) : name);
            },
            onRetry: null,
            cancellationToken);

    private static string SafeName(string text) =>
        string.Concat(text.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));

    // md5 is what the server's ETag carries; it checks the transfer, it protects nothing.
#pragma warning disable CA5351
    private static async Task<string> Md5Async(string path, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await MD5.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
    }
#pragma warning restore CA5351
}
