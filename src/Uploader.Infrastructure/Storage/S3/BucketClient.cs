using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>The calls the adapter makes on its one bucket, with the SDK settings every write needs.</summary>
public sealed class BucketClient(IAmazonS3 client, S3Settings settings)
{
    /// <summary>DeleteObjects takes at most this many keys a call.</summary>
    private const int DeleteBatch = 1000;

    private volatile bool _refusesPartCopy;

    public IAmazonS3 Client { get; } = client;

    /// <summary>Whether a merge found that the store does not copy objects as parts (UploadPartCopy); kept for the process.</summary>
    public bool RefusesPartCopy => _refusesPartCopy;

    public void NoteRefusesPartCopy() => _refusesPartCopy = true;

    private volatile bool _refusesObjectCopy;

    /// <summary>Whether the store refused a CopyObject (a tus concatenation's chunks); kept for the process.</summary>
    public bool RefusesObjectCopy => _refusesObjectCopy;

    public void NoteRefusesObjectCopy() => _refusesObjectCopy = true;

    public string Name => settings.Bucket;

    /// <summary>Unsigned payloads only over https (the SDK refuses them over http, ADR 0011), saving a hashing pass.</summary>
    public bool UnsignedPayload => settings.IsHttps;

    public static string Base64Md5(string hexMd5) => Convert.ToBase64String(Convert.FromHexString(hexMd5));

    private static string Base64Md5Of(byte[] bytes)
    {
        // Content-MD5 is what S3 asks for; IncrementalHash because the analyzer flags MD5's one-shot API as cryptography.
        using var md5 = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.MD5);
        md5.AppendData(bytes);
        return Convert.ToBase64String(md5.GetHashAndReset());
    }

    /// <summary>Its metadata, or null when there is no object under the key.</summary>
    public async Task<GetObjectMetadataResponse?> HeadAsync(string key, CancellationToken ct)
    {
        try
        {
            return await Client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Name, Key = key }, ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken ct) => await HeadAsync(key, ct) is not null;

    /// <summary>The object's bytes, or null when there is none.</summary>
    public async Task<GetObjectResponse?> GetAsync(string key, CancellationToken ct)
    {
        try
        {
            return await Client.GetObjectAsync(new GetObjectRequest { BucketName = Name, Key = key }, ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task PutFileAsync(string key, string path, string hexMd5, IReadOnlyDictionary<string, string>? metadata, CancellationToken ct)
    {
        var request = new PutObjectRequest
        {
            BucketName = Name,
            Key = key,
            FilePath = path,
            MD5Digest = Base64Md5(hexMd5),
            UseChunkEncoding = false,
            DisablePayloadSigning = UnsignedPayload,
        };
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            request.Metadata[name] = value;
        }

        return Client.PutObjectAsync(request, ct);
    }

    public Task PutBytesAsync(string key, byte[] bytes, CancellationToken ct) =>
        Client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = Name,
                Key = key,
                InputStream = new MemoryStream(bytes, writable: false),
                MD5Digest = Base64Md5Of(bytes),
                UseChunkEncoding = false,
                DisablePayloadSigning = UnsignedPayload,
            },
            ct);

    /// <summary>A copy made by the store (CopyObject): no byte passes through this server.</summary>
    public Task CopyAsync(string sourceKey, string key, CancellationToken ct) =>
        Client.CopyObjectAsync(
            new CopyObjectRequest { SourceBucket = Name, SourceKey = sourceKey, DestinationBucket = Name, DestinationKey = key },
            ct);

    public Task DeleteAsync(string key, CancellationToken ct) =>
        Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Name, Key = key }, ct);

    /// <summary>Every object under <paramref name="prefix"/>, page by page.</summary>
    public async IAsyncEnumerable<S3Object> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var page in PagesAsync(new ListObjectsV2Request { BucketName = Name, Prefix = prefix }, ct))
        {
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item;
            }
        }
    }

    /// <summary>The "folders" one level below <paramref name="prefix"/>, page by page.</summary>
    public async IAsyncEnumerable<string> ListFoldersAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var page in PagesAsync(new ListObjectsV2Request { BucketName = Name, Prefix = prefix, Delimiter = "/" }, ct))
        {
            foreach (var folder in page.CommonPrefixes ?? [])
            {
                yield return folder;
            }
        }
    }

    /// <summary>Removes every object under <paramref name="prefix"/>, a thousand keys a call.</summary>
    /// <returns>The bytes removed.</returns>
    public async Task<long> DeleteAllAsync(string prefix, CancellationToken ct)
    {
        long freed = 0;
        var batch = new List<S3Object>(DeleteBatch);
        await foreach (var item in ListAsync(prefix, ct))
        {
            batch.Add(item);
            if (batch.Count == DeleteBatch)
            {
                freed += await DeleteBatchAsync(batch, ct);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            freed += await DeleteBatchAsync(batch, ct);
        }

        return freed;
    }

    private async IAsyncEnumerable<ListObjectsV2Response> PagesAsync(ListObjectsV2Request request, [EnumeratorCancellation] CancellationToken ct)
    {
        ListObjectsV2Response page;
        do
        {
            page = await Client.ListObjectsV2Async(request, ct);
            yield return page;
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    private async Task<long> DeleteBatchAsync(List<S3Object> batch, CancellationToken ct)
    {
        var answer = await Client.DeleteObjectsAsync(
            new DeleteObjectsRequest { BucketName = Name, Objects = [.. batch.Select(o => new KeyVersion { Key = o.Key })] }, ct);
        if (answer.DeleteErrors is { Count: > 0 } errors)
        {
            throw new IOException($"The store kept {errors.Count} of {batch.Count} objects asked to be deleted: {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
        }

        return batch.Sum(o => o.Size ?? 0);
    }
}
