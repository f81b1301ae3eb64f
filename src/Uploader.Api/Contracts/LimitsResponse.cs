using Uploader.Application.Policies;

namespace Uploader.Api.Contracts;

/// <summary>The answer of GET /go-uploader/limits: what a client must respect before it sends a byte.</summary>
/// <param name="MaxFileSize">Largest file_size a task may have, in bytes.</param>
/// <param name="MaxChunkSize">Largest chunk, in bytes; an upload_chunk body may carry 1 MiB of fields and framing on top.</param>
/// <param name="MaxChunks">Largest total_chunks.</param>
/// <param name="AllowedExtensions">Lower-case extensions with their dot; empty means any.</param>
/// <param name="EnableIntegrityCheck">Whether md5 and expected_md5 are verified.</param>
/// <param name="OnConflict">What a merge does when its target exists: rename, overwrite or reject.</param>
public sealed record LimitsResponse(
    long MaxFileSize,
    long MaxChunkSize,
    int MaxChunks,
    IReadOnlyList<string> AllowedExtensions,
    bool EnableIntegrityCheck,
    ConflictPolicy OnConflict)
{
    public static LimitsResponse From(UploadPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.MaxFileSize, policy.MaxChunkSize, policy.MaxChunks, policy.AllowedExtensions, policy.EnableIntegrityCheck, policy.OnConflict);
    }
}
