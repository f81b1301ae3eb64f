using Amazon.Runtime;
using Amazon.S3;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>One Ceph radosgw per test class, with a client set as <see cref="CompatibleS3Client"/> says.</summary>
public sealed class CephRgwFixture : IAsyncLifetime, IDisposable
{
    private CephRgwServer? _server;
    private AmazonS3Client? _client;

    public CephRgwServer Server => _server ?? throw new InvalidOperationException("radosgw is not started.");

    public AmazonS3Client Client => _client ?? throw new InvalidOperationException("radosgw is not started.");

    public async Task InitializeAsync()
    {
        _server = await CephRgwServer.StartAsync();
        _client = new AmazonS3Client(new BasicAWSCredentials(CephRgwServer.AccessKey, CephRgwServer.SecretKey), CompatibleS3Client.Config(_server.ServiceUrl));
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
        _server?.Dispose();
        _server = null;
    }

    public async Task<string> NewBucketAsync()
    {
        var name = "b" + Guid.NewGuid().ToString("N");
        await Client.PutBucketAsync(name);
        return name;
    }

    public async Task<byte[]> ReadAsync(string bucket, string key)
    {
        using var response = await Client.GetObjectAsync(bucket, key);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }
}
