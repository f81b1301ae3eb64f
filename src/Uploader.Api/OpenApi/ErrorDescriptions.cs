namespace Uploader.Api.OpenApi;

internal static class ErrorDescriptions
{
    public static string For(int status) => status switch
    {
        400 => "validation_failed, invalid_path or chunks_missing (with missing_chunks)",
        401 => "unauthorized: the key is missing or wrong",
        404 => "task_not_found",
        409 => "task_paused, task_completed, merge_in_progress, invalid_state, task_mismatch or target_exists",
        410 => "file_gone: the task is completed but its merged file was deleted or replaced",
        413 => "chunk_too_large or file_too_large",
        415 => "extension_not_allowed",
        422 => "checksum_mismatch, corrupt_chunks (with corrupt_chunks) or size_mismatch",
        429 => "too_many_requests (with Retry-After)",
        507 => "insufficient_storage",
        _ => "error",
    };
}
