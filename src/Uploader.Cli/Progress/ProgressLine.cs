using Uploader.Cli.Output;
using Uploader.Cli.Parsing;
using Uploader.Client;

namespace Uploader.Cli.Progress;

/// <summary>One progress report as text: <c>isos/big.iso: 40% 3.2 MiB of 8.0 MiB, chunk 12/30, 5.1 MiB/s, ETA 2.0 s</c>.</summary>
internal static class ProgressLine
{
    public static int Percent(UploadProgress value) =>
        value.TotalBytes <= 0 ? (value.Phase == UploadPhase.Completed ? 100 : 0) : (int)(100 * value.BytesSent / value.TotalBytes);

    public static string Format(UploadProgress value) => value.Phase switch
    {
        UploadPhase.Hashing => $"{value.RelativePath}: hashing {Display.Bytes(value.TotalBytes)}",
        UploadPhase.Merging => $"{value.RelativePath}: merging {value.TotalChunks} chunk(s)",
        UploadPhase.Completed => $"{value.RelativePath}: completed",
        _ => $"{value.RelativePath}: {Percent(value)}% {Display.Bytes(value.BytesSent)} of {Display.Bytes(value.TotalBytes)}, " +
             $"chunk {value.ChunksDone}/{value.TotalChunks}, {Display.Rate(value.BytesPerSecond)}, ETA {Eta(value)}",
    };

    public static string Eta(UploadProgress value) =>
        value.BytesPerSecond > 0
            ? Duration.Format(TimeSpan.FromSeconds((value.TotalBytes - value.BytesSent) / value.BytesPerSecond))
            : "unknown";
}
