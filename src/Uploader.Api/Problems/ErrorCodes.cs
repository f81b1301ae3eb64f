namespace Uploader.Api.Problems;

/// <summary>The stable machine codes of the HTTP contract's error table.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string InvalidPath = "invalid_path";
    public const string ChunksMissing = "chunks_missing";
    public const string Unauthorized = "unauthorized";
    public const string ForbiddenOrigin = "forbidden_origin";
    public const string TaskNotFound = "task_not_found";
    public const string TaskPaused = "task_paused";
    public const string TaskCompleted = "task_completed";
    public const string MergeInProgress = "merge_in_progress";
    public const string InvalidState = "invalid_state";
    public const string TaskMismatch = "task_mismatch";
    public const string TargetExists = "target_exists";
    public const string OffsetMismatch = "offset_mismatch";
    public const string PatchSuperseded = "patch_superseded";
    public const string InvalidConcatenation = "invalid_concatenation";
    public const string FinalUploadImmutable = "final_upload_immutable";
    public const string TusVersionUnsupported = "tus_version_unsupported";
    public const string WrongContentType = "wrong_content_type";
    public const string FileGone = "file_gone";
    public const string ChunkTooLarge = "chunk_too_large";
    public const string FileTooLarge = "file_too_large";
    public const string ExtensionNotAllowed = "extension_not_allowed";
    public const string ChecksumMismatch = "checksum_mismatch";
    public const string CorruptChunks = "corrupt_chunks";
    public const string SizeMismatch = "size_mismatch";
    public const string TooManyRequests = "too_many_requests";
    public const string InsufficientStorage = "insufficient_storage";

    // Outside the contract's table: answers for requests that name no endpoint, and for server faults.
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PreconditionFailed = "precondition_failed";
    public const string InternalError = "internal_error";
}
