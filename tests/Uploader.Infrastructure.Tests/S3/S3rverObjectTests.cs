using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>
/// What s3rver does with the single-object operations the S3 adapter needs, through the real SDK. Where it differs
/// from S3 the test asserts what s3rver does and is named for the gap, so it fails the day s3rver closes it.
/// </summary>
public sealed class S3rverObjectTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private readonly byte[] _bytes = RandomNumberGenerator.GetBytes(4096);

    [Fact]
    public async Task Put_object_with_its_content_md5_is_stored_under_the_md5_etag()
    {
        var bucket = await s3.NewBucketAsync();

        var etag = await s3.PutAsync(bucket, "k", _bytes);

        Assert.Equal(Md5.ETag(_bytes), etag);
        Assert.Equal(_bytes, await s3.ReadAsync(bucket, "k"));
    }

    [Fact]
    public async Task S3rver_does_not_check_content_md5()
    {
        var bucket = await s3.NewBucketAsync();
        var other = RandomNumberGenerator.GetBytes(16);

        // S3 answers 400 BadDigest and keeps nothing; s3rver stores the bytes as if the digest were theirs.
        var put = await s3.Client.PutObjectAsync(CompatibleS3Client.Put(bucket, "k", _bytes, Md5.Base64(other)));

        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        Assert.Equal(_bytes, await s3.ReadAsync(bucket, "k"));
    }

    [Fact]
    public async Task Put_object_twice_keeps_the_second_bytes()
    {
        var bucket = await s3.NewBucketAsync();
        var second = RandomNumberGenerator.GetBytes(100);

        await s3.PutAsync(bucket, "k", _bytes);
        var etag = await s3.PutAsync(bucket, "k", second);

        Assert.Equal(Md5.ETag(second), etag);
        Assert.Equal(second, await s3.ReadAsync(bucket, "k"));
    }

    [Fact]
    public async Task S3rver_an_aborted_overwrite_destroys_the_stored_object_and_keeps_its_old_etag()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);
        var sent = RandomNumberGenerator.GetBytes(1000);

        // S3 makes an object visible only once its body is complete; s3rver truncates the old one and writes in place.
        await SendCutPutAsync(bucket, "k", sent, declaredLength: 100_000);

        var head = await WaitUntilOverwrittenAsync(bucket, "k", _bytes.Length);
        using var http = new HttpClient { BaseAddress = s3.Server.ServiceUrl };
        var stored = await http.GetByteArrayAsync(new Uri($"{bucket}/k", UriKind.Relative));

        // The SDK checks a whole GetObject against a plain-md5 ETag, so the mismatch surfaces as a client error.
        var mismatch = await Assert.ThrowsAsync<AmazonClientException>(() => s3.ReadAsync(bucket, "k"));
        Assert.Contains("hash", mismatch.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Md5.ETag(_bytes), head.ETag);
        Assert.True(sent.AsSpan().StartsWith(stored), $"the {stored.Length} bytes s3rver kept are not a prefix of what was sent");
    }

    [Fact]
    public async Task Get_object_with_a_range_answers_206_with_those_bytes()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);

        using var response = await s3.Client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", ByteRange = new ByteRange(100, 199) });
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);

        Assert.Equal(HttpStatusCode.PartialContent, response.HttpStatusCode);
        Assert.Equal($"bytes 100-199/{_bytes.Length}", response.ContentRange);
        Assert.Equal(_bytes[100..200], body.ToArray());
    }

    [Fact]
    public async Task Get_object_with_an_open_range_reads_to_the_end()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);

        using var response = await s3.Client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", ByteRange = new ByteRange("bytes=4000-") });
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);

        Assert.Equal(_bytes[4000..], body.ToArray());
    }

    [Fact]
    public async Task S3rver_reads_a_suffix_range_from_the_start_of_the_object()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);

        // "bytes=-10" is the last 10 bytes on S3; s3rver parses it as 0-10.
        using var response = await s3.Client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", ByteRange = new ByteRange("bytes=-10") });
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);

        Assert.Equal(_bytes[..11], body.ToArray());
    }

    [Fact]
    public async Task Get_object_with_a_range_past_the_end_is_refused_with_416()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            s3.Client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", ByteRange = new ByteRange(5000, 6000) }));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.StatusCode);
        Assert.Equal("InvalidRange", refused.ErrorCode);
    }

    [Fact]
    public async Task Head_object_gives_length_and_etag_and_404_for_a_missing_key()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);

        var head = await s3.Client.GetObjectMetadataAsync(bucket, "k");
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.GetObjectMetadataAsync(bucket, "absent"));

        Assert.Equal(_bytes.Length, head.ContentLength);
        Assert.Equal(Md5.ETag(_bytes), head.ETag);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Delete_object_removes_it_and_deleting_a_missing_key_answers_204()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);

        var deleted = await s3.Client.DeleteObjectAsync(bucket, "k");
        var again = await s3.Client.DeleteObjectAsync(bucket, "k");

        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.HttpStatusCode);
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.GetObjectMetadataAsync(bucket, "k"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Delete_objects_removes_the_listed_keys_and_reports_missing_ones_as_deleted()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "t/1", _bytes);
        await s3.PutAsync(bucket, "t/2", _bytes);
        await s3.PutAsync(bucket, "keep", _bytes);

        var response = await s3.Client.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "t/1" }, new KeyVersion { Key = "t/2" }, new KeyVersion { Key = "t/never" }],
        });

        Assert.Equal(["t/1", "t/2", "t/never"], response.DeletedObjects.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["keep"], await KeysAsync(bucket, prefix: ""));
    }

    [Fact]
    public async Task List_objects_v2_lists_only_the_prefix_page_by_page()
    {
        var bucket = await s3.NewBucketAsync();
        foreach (var key in new[] { "task-a/0", "task-a/1", "task-a/2", "task-b/0" })
        {
            await s3.PutAsync(bucket, key, _bytes);
        }

        var first = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "task-a/", MaxKeys = 2 });
        var second = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "task-a/", MaxKeys = 2, ContinuationToken = first.NextContinuationToken });

        Assert.True(first.IsTruncated);
        Assert.Equal(["task-a/0", "task-a/1"], first.S3Objects.Select(o => o.Key));
        Assert.Equal(["task-a/2"], second.S3Objects.Select(o => o.Key));
        Assert.False(second.IsTruncated ?? false);
        Assert.All(first.S3Objects, o => Assert.Equal(_bytes.Length, o.Size));
        Assert.All(first.S3Objects, o => Assert.Equal(Md5.ETag(_bytes), o.ETag));
    }

    [Fact]
    public async Task S3rver_misreads_the_sdks_encoded_copy_source_so_copy_object_fails()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "from", _bytes);

        // SDK 4.1 sends x-amz-copy-source as "bucket%2Ffrom", as S3 accepts; s3rver's decodeURI keeps the %2F and
        // looks for a bucket named "bucket%2Ffrom". (An unencoded "bucket/from" header, sent by hand, does copy.)
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.Client.CopyObjectAsync(bucket, "from", bucket, "to"));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("NoSuchBucket", refused.ErrorCode);
    }

    [Fact]
    public async Task A_presigned_get_url_downloads_the_object_without_credentials()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);

        var url = await PresignAsync(bucket, "k");
        using var http = new HttpClient();
        var body = await http.GetByteArrayAsync(url);

        Assert.StartsWith(s3.Server.ServiceUrl.ToString(), url, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", url, StringComparison.Ordinal);
        Assert.Equal(_bytes, body);
    }

    [Fact]
    public async Task S3rver_does_not_verify_v4_signatures()
    {
        var bucket = await s3.NewBucketAsync();
        await s3.PutAsync(bucket, "k", _bytes);
        var url = await PresignAsync(bucket, "k");
        var signature = url.IndexOf("X-Amz-Signature=", StringComparison.Ordinal) + "X-Amz-Signature=".Length;
        var forged = url[..signature] + new string('0', 64) + url[(signature + 64)..];
        using var wrongSecret = new AmazonS3Client(new BasicAWSCredentials(S3rverServer.AccessKey, "not-the-secret"), CompatibleS3Client.Config(s3.Server.ServiceUrl));

        using var http = new HttpClient();
        using var forgedAnswer = await http.GetAsync(new Uri(forged));
        var put = await wrongSecret.PutObjectAsync(CompatibleS3Client.Put(bucket, "k2", _bytes));

        // S3 answers both with 403 SignatureDoesNotMatch; only an unknown key id is refused by s3rver.
        Assert.Equal(HttpStatusCode.OK, forgedAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
    }

    [Fact]
    public async Task An_unknown_access_key_is_refused_with_403()
    {
        var bucket = await s3.NewBucketAsync();
        using var stranger = new AmazonS3Client(new BasicAWSCredentials("NOBODY", S3rverServer.SecretKey), CompatibleS3Client.Config(s3.Server.ServiceUrl));

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => stranger.PutObjectAsync(CompatibleS3Client.Put(bucket, "k", _bytes)));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("InvalidAccessKeyId", refused.ErrorCode);
    }

    private Task<string> PresignAsync(string bucket, string key) => s3.Client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
    {
        BucketName = bucket,
        Key = key,
        Verb = HttpVerb.GET,
        Protocol = Protocol.HTTP,
        Expires = DateTime.UtcNow.AddMinutes(5),
    });

    private async Task<string[]> KeysAsync(string bucket, string prefix)
    {
        var listed = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key)];
    }

    /// <summary>An unsigned PUT (s3rver takes those) that declares more bytes than it sends, then hangs up.</summary>
    private async Task SendCutPutAsync(string bucket, string key, byte[] sent, int declaredLength)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, s3.Server.ServiceUrl.Port);
        var stream = client.GetStream();
        var head = $"PUT /{bucket}/{key} HTTP/1.1\r\nHost: 127.0.0.1:{s3.Server.ServiceUrl.Port}\r\nContent-Length: {declaredLength}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(sent);
        await stream.FlushAsync();
        client.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Polls HEAD until the object's length is no longer the old one (s3rver handles the cut asynchronously); bounded.</summary>
    private async Task<GetObjectMetadataResponse> WaitUntilOverwrittenAsync(string bucket, string key, long oldLength)
    {
        var head = await s3.Client.GetObjectMetadataAsync(bucket, key);
        for (var attempt = 0; attempt < 100 && head.ContentLength == oldLength; attempt++)
        {
            await Task.Delay(50);
            head = await s3.Client.GetObjectMetadataAsync(bucket, key);
        }

        Assert.True(head.ContentLength != oldLength, $"the object still has its {oldLength} bytes after the cut overwrite\n{s3.Server.Explain()}");
        return head;
    }
}
