using Uploader.Cli.Output;
using Uploader.Cli.Parsing;
using Uploader.Client;

namespace Uploader.Cli.Progress;

/// <summary>One progress report as text: <c>isos/big.iso: 40% 3.2 MiB of 8.0 MiB, chunk 12/30, 5.1 MiB/s, ETA 2.0 s</c>.</summary>
internal static class ProgressLine
{
    /// <summary>By bytes; an empty file, which has no bytes to count, by its one chunk.</summary>
    public static int Percent(UploadProgress value) =>
        value.TotalBytes > 0 ? (int)(100 * value.BytesSent / value.TotalBytes)
        : value.Phase == UploadPhase.Completed || (value.TotalChunks > 0 && value.ChunksDone == value.TotalChunks) ? 100 : 0;

    public static string Format(UploadProgress value) => value.Phase switch
    {
        UploadPhase.Hashing => $"{value.RelativePath}: hashing {Display.Bytes(value.TotalBytes)}",
        UploadPhase.Merging when value.MergedBytes is { } merged =>
            $"{value.RelativePath}: merging {value.TotalChunks} chunk(s), {Display.Bytes(merged)} of {Display.Bytes(value.TotalBytes)} written",
        UploadPhase.Merging => $"{value.RelativePath}: merging {value.TotalChunks} chunk(s)",
        UploadPhase.Completed => $"{value.RelativePath}: completed",
        UploadPhase.Reconnecting => $"{value.RelativePath}: {Reconnecting(value)}",
        _ => $"{value.RelativePath}: {Percent(value)}% {Display.Bytes(value.BytesSent)} of {Display.Bytes(value.TotalBytes)}, " +
             $"chunk {value.ChunksDone}/{value.TotalChunks}, {Display.Rate(value.BytesPerSecond)}, ETA {Eta(value)}",
    };

    /// <summary><c>reconnecting (attempt 2, next in 2.0 s)</c>: the server gave no answer and the upload tries again.</summary>
    public static string Reconnecting(UploadProgress value) =>
        $"reconnecting (attempt {value.ReconnectAttempt}, next in {Duration.Format(value.NextAttemptIn)})";

    public static string Eta(UploadProgress value) =>
        value.BytesPerSecond > 0
            ? Duration.Format(TimeSpan.FromSeconds((value.TotalBytes - value.BytesSent) / value.BytesPerSecond))
            : "unknown";
}
