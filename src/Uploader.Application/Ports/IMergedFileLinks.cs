namespace Uploader.Application.Ports;

/// <summary>
/// Short-lived links that let a client fetch a merged file from the store itself (s3_presigned_downloads), so that
/// the bytes do not pass through the server.
/// </summary>
public interface IMergedFileLinks
{
    /// <summary>Whether downloads are answered with a link (a redirect) rather than streamed.</summary>
    bool Enabled { get; }

    /// <param name="filePath">A completed task's recorded merged path, already recognised as the task's file.</param>
    /// <param name="downloadName">The name the client should save it under.</param>
    Task<Uri> LinkAsync(string filePath, string downloadName, CancellationToken cancellationToken);
}
