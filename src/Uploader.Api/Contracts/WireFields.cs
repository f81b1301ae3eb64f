namespace Uploader.Api.Contracts;

/// <summary>
/// The field names of the request forms and JSON bodies, spelled once: the form and merge readers, the OpenAPI
/// request schemas, the problem answers' field keys and the contracts read them from here.
/// </summary>
public static class WireFields
{
    public const string FileId = "file_id";

    public const string FolderTaskId = "folder_task_id";

    public const string FolderName = "folder_name";

    public const string Files = "files";

    public const string Name = "name";

    public const string Size = "size";
    public const string ChunkIndex = "chunk_index";
    public const string TotalChunks = "total_chunks";
    public const string FileSize = "file_size";
    public const string ChunkSize = "chunk_size";
    public const string Md5 = "md5";
    public const string Filename = "filename";
    public const string RelativePath = "relative_path";
    public const string ExpectedMd5 = "expected_md5";
    public const string Chunk = "chunk";
    public const string Status = "status";
    public const string Page = "page";
    public const string PageSize = "page_size";

    /// <summary>GET tasks: only tasks whose name contains this text.</summary>
    public const string Search = "search";

    public const string DeleteFile = "delete_file";
    public const string OlderThan = "older_than";
    public const string Action = "action";
    public const string FileIds = "file_ids";

    /// <summary>merge_chunks: true asks for the background form (202 and a Location to poll).</summary>
    public const string Async = "async";
}
