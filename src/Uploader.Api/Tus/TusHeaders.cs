namespace Uploader.Api.Tus;

/// <summary>Every tus 1.0 wire name this server reads or writes, in one place.</summary>
public static class TusHeaders
{
    public const string Version = "1.0.0";

    public const string Resumable = "Tus-Resumable";
    public const string TusVersion = "Tus-Version";
    public const string Extension = "Tus-Extension";
    public const string MaxSize = "Tus-Max-Size";
    public const string ChecksumAlgorithm = "Tus-Checksum-Algorithm";
    public const string UploadOffset = "Upload-Offset";
    public const string UploadLength = "Upload-Length";
    public const string UploadDeferLength = "Upload-Defer-Length";
    public const string UploadMetadata = "Upload-Metadata";
    public const string UploadExpires = "Upload-Expires";
    public const string UploadChecksum = "Upload-Checksum";
    public const string UploadConcat = "Upload-Concat";
    public const string MethodOverride = "X-HTTP-Method-Override";

    /// <summary>The body type of a PATCH, and of a creation that carries bytes.</summary>
    public const string OffsetContentType = "application/offset+octet-stream";

    /// <summary>The extensions this server implements, as OPTIONS lists them.</summary>
    public const string Extensions = "creation,creation-with-upload,creation-defer-length,termination,checksum,expiration,concatenation";

    /// <summary>What a browser may send and read across origins (CORS), for the hosts in cors_origins.</summary>
    public static readonly string[] Exposed =
        [Resumable, TusVersion, Extension, MaxSize, ChecksumAlgorithm, UploadOffset, UploadLength, UploadDeferLength, UploadMetadata, UploadExpires, UploadConcat, "Location"];

    /// <summary>The 460 status of the checksum extension: the body did not match Upload-Checksum.</summary>
    public const int ChecksumMismatchStatus = 460;
}
