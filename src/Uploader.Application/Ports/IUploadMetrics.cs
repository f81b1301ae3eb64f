namespace Uploader.Application.Ports;

/// <summary>
/// What the merge path reports for monitoring; the host decides how it is exported. A failure is handed over as the
/// exception itself, so the host's one mapping from errors to the contract's codes names it. upload_chunk is counted
/// by the host alone, which also sees the refusals that come before a command exists.
/// </summary>
public interface IUploadMetrics
{
    /// <summary>A merge command ended; <paramref name="failure"/> is null when it succeeded.</summary>
    void MergeFinished(TimeSpan duration, Exception? failure);
}
