using Amazon.S3;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>A running S3 server a test class shares: s3rver in the suite; Ceph radosgw in commit 846f868 (ADR 0011, consequence 8).</summary>
public interface IS3TestStore
{
    AmazonS3Client Client { get; }

    Uri ServiceUrl { get; }

    string AccessKey { get; }

    string SecretKey { get; }

    Task<string> NewBucketAsync();
}

public static class S3TestStoreObjects
{
    public static async Task<byte[]> ReadAsync(this IS3TestStore store, string bucket, string key)
    {
        using var response = await store.Client.GetObjectAsync(bucket, key);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    public static async Task<string> PutAsync(this IS3TestStore store, string bucket, string key, byte[] bytes)
    {
        var response = await store.Client.PutObjectAsync(CompatibleS3Client.Put(bucket, key, bytes));
        return response.ETag;
    }
}
