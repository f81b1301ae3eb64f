using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>
/// The AWSSDK.S3 4.x settings that S3-compatible stores need (ADR 0011), as the adapter makes them, so that
/// SdkSettingsTests prove on s3rver the settings the product uses; plus the request shapes the gap tests send.
/// </summary>
internal static class CompatibleS3Client
{
    /// <summary>Signing needs a region; S3-compatible stores mostly take any, and us-east-1 is the usual one.</summary>
    public const string Region = "us-east-1";

    /// <summary>
    /// The product's settings (Storage/S3/CompatibleS3Client.cs) for an endpoint, path-style, with the SDK retries of the
    /// default retry_max_attempts (3). They matter on s3rver: its DeleteObjects answers 500 when two of the deleted keys
    /// empty one "folder" (its file store removes the directory twice, ENOENT), and the retry then succeeds (ADR 0011).
    /// </summary>
    public static AmazonS3Config Config(Uri serviceUrl) => Storage.S3.CompatibleS3Client.Config(
        new Storage.S3.S3Settings(serviceUrl.ToString(), Region, string.Empty, string.Empty, true, string.Empty, string.Empty, false),
        maxErrorRetry: 3);

    public static AmazonS3Client For(S3rverServer server) =>
        new(new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey), Config(server.ServiceUrl));

    /// <summary>
    /// A PutObject carrying Content-MD5 and sent as plain bytes: no aws-chunked body with per-chunk signatures,
    /// which stores that do not decode it (s3rver among them) keep as part of the object.
    /// </summary>
    public static PutObjectRequest Put(string bucket, string key, byte[] bytes, string? contentMd5 = null) => new()
    {
        BucketName = bucket,
        Key = key,
        InputStream = new MemoryStream(bytes, writable: false),
        MD5Digest = contentMd5 ?? Md5.Base64(bytes),
        UseChunkEncoding = false,
    };

    /// <summary>An UploadPart with the same rules as <see cref="Put"/>.</summary>
    public static UploadPartRequest Part(string bucket, string key, string uploadId, int partNumber, byte[] bytes) => new()
    {
        BucketName = bucket,
        Key = key,
        UploadId = uploadId,
        PartNumber = partNumber,
        InputStream = new MemoryStream(bytes, writable: false),
        MD5Digest = Md5.Base64(bytes),
        UseChunkEncoding = false,
    };
}
