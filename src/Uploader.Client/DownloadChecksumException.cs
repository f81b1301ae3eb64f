namespace Uploader.Client;

/// <summary>
/// The downloaded bytes' md5 is not the one the server's ETag promised; the partial file is removed, so another run
/// starts over.
/// </summary>
public sealed class DownloadChecksumException(string path, string expected, string actual)
    : Exception($"the md5 of the bytes received for '{path}' is {actual}, the server's ETag says {expected}; the partial file was removed")
{
    public const string Code = "checksum_mismatch";

    public string Expected { get; } = expected;

    public string Actual { get; } = actual;
}
