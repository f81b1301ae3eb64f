namespace Uploader.Client;

/// <summary>
/// Progress of one download. <paramref name="BytesDone"/> counts what is in the partial file, bytes kept from an
/// earlier run included; <paramref name="BytesPerSecond"/> counts only bytes received in this run.
/// </summary>
public sealed record DownloadProgress(string FileId, string Path, long BytesDone, long TotalBytes, double BytesPerSecond);
