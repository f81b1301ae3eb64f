namespace Uploader.Application.Ports;

/// <summary>
/// What the upload path reports for monitoring; the host decides how it is exported. A failure is handed
/// over as the exception itself, so the host's one mapping from errors to the contract's codes names it.
/// </summary>
public interface IUploadMetrics
{
    /// <summary>A chunk was accepted (stored, or already stored with the same bytes).</summary>
    void ChunkReceived(long bytes);

    /// <summary>A merge command ended; <paramref name="failure"/> is null when it succeeded.</summary>
    void MergeFinished(TimeSpan duration, Exception? failure);
}
