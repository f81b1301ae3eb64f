using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>
/// Why the adapter sets the SDK as <see cref="CompatibleS3Client"/> does: what AWSSDK.S3 4.x sends with its
/// defaults, and what a store that takes the request without decoding it (s3rver here) then keeps.
/// </summary>
public sealed class SdkSettingsTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private readonly byte[] _bytes = RandomNumberGenerator.GetBytes(100_000);

    [Fact]
    public async Task Default_sdk_settings_make_s3rver_store_the_aws_chunked_framing_as_object_bytes()
    {
        var bucket = await s3.NewBucketAsync();
        using var client = new AmazonS3Client(
            new BasicAWSCredentials(S3rverServer.AccessKey, S3rverServer.SecretKey),
            new AmazonS3Config { ServiceURL = s3.Server.ServiceUrl.ToString(), ForcePathStyle = true, AuthenticationRegion = CompatibleS3Client.Region });

        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", InputStream = new MemoryStream(_bytes) });

        // The put "succeeds"; what is stored is the chunk headers, signatures and CRC32 trailer around the bytes.
        using var stored = await client.GetObjectAsync(bucket, "k");
        Assert.Equal("aws-chunked", stored.Headers.ContentEncoding);
        Assert.True(stored.ContentLength > _bytes.Length, $"stored {stored.ContentLength} bytes for {_bytes.Length}");
        Assert.NotEqual(Md5.ETag(_bytes), stored.ETag);
    }

    [Fact]
    public async Task Checksums_when_required_alone_still_send_a_chunk_signed_body_that_s3rver_stores_framed()
    {
        var bucket = await s3.NewBucketAsync();
        var put = CompatibleS3Client.Put(bucket, "k", _bytes);
        put.UseChunkEncoding = true;

        await s3.Client.PutObjectAsync(put);

        var stored = await s3.ReadAsync(bucket, "k");
        Assert.NotEqual(_bytes.Length, stored.Length);
    }

    [Fact]
    public async Task Compatible_settings_store_exactly_the_bytes_sent_by_put_object_and_upload_part()
    {
        var bucket = await s3.NewBucketAsync();

        var put = await s3.Client.PutObjectAsync(CompatibleS3Client.Put(bucket, "object", _bytes));
        var uploadId = await s3.StartUploadAsync(bucket, "multipart");
        var part = await s3.Client.UploadPartAsync(CompatibleS3Client.Part(bucket, "multipart", uploadId, 1, _bytes));
        await s3.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "multipart",
            UploadId = uploadId,
            PartETags = [new PartETag(1, part.ETag)],
        });

        Assert.Equal(Md5.ETag(_bytes), put.ETag);
        Assert.Equal(Md5.ETag(_bytes), part.ETag);
        Assert.Equal(_bytes, await s3.ReadAsync(bucket, "object"));
        Assert.Equal(_bytes, await s3.ReadAsync(bucket, "multipart"));
        var head = await s3.Client.GetObjectMetadataAsync(bucket, "object");
        Assert.Null(head.Headers.ContentEncoding);
    }

    [Fact]
    public async Task The_sdk_refuses_unsigned_payloads_over_plain_http()
    {
        var bucket = await s3.NewBucketAsync();
        var put = CompatibleS3Client.Put(bucket, "k", _bytes);
        put.DisablePayloadSigning = true;

        // So over http every upload is signed whole: the SDK reads the stream once for SHA-256 before sending it.
        var refused = await Assert.ThrowsAsync<AmazonClientException>(() => s3.Client.PutObjectAsync(put));
        Assert.Contains("HTTPS", refused.Message, StringComparison.Ordinal);
    }
}
