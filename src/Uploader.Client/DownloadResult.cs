namespace Uploader.Client;

/// <summary>
/// A downloaded file at <paramref name="Path"/>, its md5 checked against the server's ETag;
/// <paramref name="BytesResumed"/> came from the partial file of an earlier run, the rest from this one.
/// </summary>
public sealed record DownloadResult(string FileId, string Path, long Size, string Md5, long BytesResumed, TimeSpan Elapsed);
