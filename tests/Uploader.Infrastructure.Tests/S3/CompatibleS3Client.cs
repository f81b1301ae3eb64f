using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>
/// The AWSSDK.S3 4.x settings that S3-compatible stores need, as ADR 0011 gives them and SdkSettingsTests prove
/// them on s3rver. Until the adapter of issue 12 owns them in Infrastructure they live here, in one place.
/// </summary>
internal static class CompatibleS3Client
{
    /// <summary>Signing needs a region; S3-compatible stores mostly take any, and us-east-1 is the usual one.</summary>
    public const string Region = "us-east-1";

    public static AmazonS3Config Config(Uri serviceUrl) => new()
    {
        ServiceURL = serviceUrl.ToString(),

        // bucket.host names need DNS (or a wildcard certificate) the store rarely has; /bucket/key always works.
        ForcePathStyle = true,
        AuthenticationRegion = Region,

        // SDK 4.x otherwise adds CRC32 checksums (headers or aws-chunked trailers) to every upload and checks them
        // on every download; many stores reject or mangle those, and our own md5 already guards the bytes.
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    };

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
