using Mediator;
using Uploader.Domain.Tasks;
using Uploader.Domain.Tus;

namespace Uploader.Application.Tus.Queries.GetTusUpload;

/// <summary>A tus upload as HEAD answers it; null when there is none.</summary>
public sealed record GetTusUploadQuery(string UploadId) : IQuery<TusUploadView?>;

/// <param name="Length">Null while deferred (Upload-Defer-Length).</param>
/// <param name="ExpiresAt">When an unfinished upload expires (task_expiry_hours after its last change); null once completed.</param>
/// <param name="Parts">A final upload's partial uploads, by id, in order; empty for any other upload.</param>
public sealed record TusUploadView(
    string UploadId,
    long? Length,
    long Offset,
    string? Metadata,
    UploadTaskStatus Status,
    DateTime? ExpiresAt,
    TusConcatenation Concatenation,
    IReadOnlyList<string> Parts);
