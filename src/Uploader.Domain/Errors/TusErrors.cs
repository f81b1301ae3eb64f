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

/// <summary>A PATCH of a final upload, whose bytes are its partial uploads'.</summary>
public sealed class FinalUploadImmutable(string uploadId)
    : DomainException($"Upload '{uploadId}' is a final upload: it is made of its partial uploads and takes no bytes of its own.");

/// <summary>A final upload that cannot be made from the uploads it names.</summary>
public sealed class InvalidConcatenation(string reason)
    : DomainException($"The concatenation was refused: {reason}");
