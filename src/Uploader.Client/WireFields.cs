namespace Uploader.Client;

/// <summary>
/// The request field names of the contract, the client's one copy: this package cannot reference the server's
/// <c>Uploader.Api.Contracts.WireFields</c>, and the client tests, which upload to a real server, prove the two agree.
/// </summary>
internal static class WireFields
{
    public const string FileId = "file_id";
    public const string ChunkIndex = "chunk_index";
    public const string TotalChunks = "total_chunks";
    public const string FileSize = "file_size";
    public const string ChunkSize = "chunk_size";
    public const string Md5 = "md5";
    public const string RelativePath = "relative_path";
    public const string ExpectedMd5 = "expected_md5";
    public const string Chunk = "chunk";
    public const string Async = "async";
}
