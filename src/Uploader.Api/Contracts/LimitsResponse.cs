using Uploader.Api.Uploads;
using Uploader.Application.Policies;

namespace Uploader.Api.Contracts;

/// <summary>The answer of GET /go-uploader/limits: what a client must respect before it sends a byte.</summary>
/// <param name="MaxFileSize">Largest file_size a task may have, in bytes.</param>
/// <param name="MaxChunkSize">Largest chunk, in bytes; an upload_chunk body may carry 1 MiB of fields and framing on top.</param>
/// <param name="MaxChunks">Largest total_chunks.</param>
/// <param name="AllowedExtensions">Lower-case extensions with their dot; empty means any.</param>
/// <param name="EnableIntegrityCheck">Whether md5 and expected_md5 are verified.</param>
/// <param name="OnConflict">What a merge does when its target exists: rename, overwrite or reject.</param>
/// <param name="ParallelUploads">Chunks one client may have in upload_chunk at once (max_uploads_per_client resolved); more wait in the queue.</param>
public sealed record LimitsResponse(
    long MaxFileSize,
    long MaxChunkSize,
    int MaxChunks,
    IReadOnlyList<string> AllowedExtensions,
    bool EnableIntegrityCheck,
    ConflictPolicy OnConflict,
    int ParallelUploads)
{
    public static LimitsResponse From(UploadPolicy policy, UploadSlots slots)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(slots);
        return new(policy.MaxFileSize, policy.MaxChunkSize, policy.MaxChunks, policy.AllowedExtensions, policy.EnableIntegrityCheck, policy.OnConflict, slots.PerClient);
    }
}
