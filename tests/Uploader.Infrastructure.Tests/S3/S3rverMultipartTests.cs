using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>
/// What s3rver does with the multipart operations the S3 adapter's merge needs, through the real SDK. Where it
/// lacks one or differs from S3, the test asserts its answer and is named for the gap.
/// </summary>
public sealed class S3rverMultipartTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private readonly byte[][] _parts = [RandomNumberGenerator.GetBytes(1024), RandomNumberGenerator.GetBytes(1024), RandomNumberGenerator.GetBytes(300)];

    private byte[] Whole => [.. _parts.SelectMany(p => p)];

    [Fact]
    public async Task S3rver_does_not_enforce_the_5_MiB_part_minimum()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");

        // S3 refuses this Complete with 400 EntityTooSmall: every part but the last must be at least 5 MiB.
        var etags = await UploadAllAsync(bucket, "merged", uploadId);
        await CompleteAsync(bucket, "merged", uploadId, etags);

        Assert.Equal(Whole, await s3.ReadAsync(bucket, "merged"));
    }

    [Fact]
    public async Task Upload_part_answers_the_md5_of_the_part_as_its_etag()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");

        var etags = await UploadAllAsync(bucket, "merged", uploadId);

        Assert.Equal(_parts.Select(p => Md5.ETag(p)), etags.Select(e => e.ETag));
    }

    [Fact]
    public async Task S3rver_gives_a_completed_upload_the_plain_md5_etag_not_the_multipart_form()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");
        var etags = await UploadAllAsync(bucket, "merged", uploadId);

        // S3's ETag here is md5(md5(part 1) ‖ … ‖ md5(part n)) + "-n", never the md5 of the bytes.
        var completed = await CompleteAsync(bucket, "merged", uploadId, etags);

        Assert.Equal(Md5.ETag(Whole), completed.ETag);
        Assert.NotEqual(MultipartETag(_parts), completed.ETag);
    }

    [Fact]
    public async Task Uploading_a_part_number_again_replaces_that_part()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");
        var first = await s3.Client.UploadPartAsync(CompatibleS3Client.Part(bucket, "merged", uploadId, 1, _parts[2]));
        var second = await s3.Client.UploadPartAsync(CompatibleS3Client.Part(bucket, "merged", uploadId, 1, _parts[0]));

        await CompleteAsync(bucket, "merged", uploadId, [new PartETag(1, second.ETag)]);

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(_parts[0], await s3.ReadAsync(bucket, "merged"));
    }

    [Fact]
    public async Task S3rver_does_not_check_part_etags_on_complete()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");
        await UploadAllAsync(bucket, "merged", uploadId);
        var wrong = _parts.Select((_, i) => new PartETag(i + 1, Md5.ETag(RandomNumberGenerator.GetBytes(8)))).ToList();

        // S3 answers 400 InvalidPart when a listed ETag is not the stored part's.
        await CompleteAsync(bucket, "merged", uploadId, wrong);

        Assert.Equal(Whole, await s3.ReadAsync(bucket, "merged"));
    }

    [Fact]
    public async Task S3rver_accepts_part_numbers_outside_1_to_10000()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");

        // S3 answers 400 InvalidArgument for both.
        var zero = await s3.Client.UploadPartAsync(CompatibleS3Client.Part(bucket, "merged", uploadId, 0, _parts[0]));
        var tooHigh = await s3.Client.UploadPartAsync(CompatibleS3Client.Part(bucket, "merged", uploadId, 10_001, _parts[1]));

        Assert.Equal(HttpStatusCode.OK, zero.HttpStatusCode);
        Assert.Equal(HttpStatusCode.OK, tooHigh.HttpStatusCode);
    }

    [Fact]
    public async Task S3rver_answers_complete_of_an_unknown_upload_with_an_internal_error_not_no_such_upload()
    {
        var bucket = await s3.NewBucketAsync();

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            CompleteAsync(bucket, "merged", "0123456789abcdef0123456789abcdef", [new PartETag(1, Md5.ETag(_parts[0]))]));

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.NotEqual("NoSuchUpload", refused.ErrorCode);
    }

    [Fact]
    public async Task S3rver_does_not_implement_list_parts()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");
        await UploadAllAsync(bucket, "merged", uploadId);

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.ListPartsAsync(bucket, "merged", uploadId));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Equal("MethodNotAllowed", refused.ErrorCode);
    }

    [Fact]
    public async Task S3rver_does_not_implement_abort_multipart_upload_and_the_upload_lives_on()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");
        var etags = await UploadAllAsync(bucket, "merged", uploadId);

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.AbortMultipartUploadAsync(bucket, "merged", uploadId));
        await CompleteAsync(bucket, "merged", uploadId, etags);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        Assert.Equal(Whole, await s3.ReadAsync(bucket, "merged"));
    }

    [Fact]
    public async Task S3rver_does_not_implement_list_multipart_uploads()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.StartUploadAsync(bucket, "merged");

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.ListMultipartUploadsAsync(bucket));

        Assert.Equal(HttpStatusCode.NotImplemented, refused.StatusCode);
        Assert.Equal("NotImplemented", refused.ErrorCode);
    }

    [Fact]
    public async Task S3rver_does_not_implement_upload_part_copy()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "chunk-0", _parts[0]);
        var uploadId = await s3.StartUploadAsync(bucket, "merged");

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket,
            SourceKey = "chunk-0",
            DestinationBucket = bucket,
            DestinationKey = "merged",
            UploadId = uploadId,
            PartNumber = 1,
        }));

        Assert.Equal(HttpStatusCode.NotImplemented, refused.StatusCode);
        Assert.Equal("NotImplemented", refused.ErrorCode);
    }

    [Fact]
    public async Task An_upload_in_progress_is_not_listed_as_an_object()
    {
        var bucket = await s3.NewBucketAsync();
        var uploadId = await s3.StartUploadAsync(bucket, "merged");
        await UploadAllAsync(bucket, "merged", uploadId);

        var listed = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Empty(listed.S3Objects ?? []);
    }

    private static string MultipartETag(byte[][] parts) =>
        $"\"{Md5.Hex([.. parts.SelectMany(p => Md5.Of(p))])}-{parts.Length}\"";

    private async Task<List<PartETag>> UploadAllAsync(string bucket, string key, string uploadId)
    {
        var etags = new List<PartETag>();
        for (var i = 0; i < _parts.Length; i++)
        {
            var part = await s3.Client.UploadPartAsync(CompatibleS3Client.Part(bucket, key, uploadId, i + 1, _parts[i]));
            etags.Add(new PartETag(i + 1, part.ETag));
        }

        return etags;
    }

    private Task<CompleteMultipartUploadResponse> CompleteAsync(string bucket, string key, string uploadId, List<PartETag> etags) =>
        s3.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartETags = etags });
}
