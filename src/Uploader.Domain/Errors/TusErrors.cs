namespace Uploader.Domain.Errors;

/// <summary>A PATCH continues at another offset than the one the upload holds.</summary>
public sealed class UploadOffsetMismatch(string uploadId, long requested, long actual)
    : DomainException($"Upload '{uploadId}' is at offset {actual}, not {requested}: ask HEAD for the offset and continue there.")
{
    public long Requested { get; } = requested;

    public long Actual { get; } = actual;
}

/// <summary>A later PATCH claimed the upload; this one may no longer extend it.</summary>
public sealed class PatchSuperseded(string uploadId)
    : DomainException($"A later PATCH of upload '{uploadId}' took it over; this one stored nothing more.");
