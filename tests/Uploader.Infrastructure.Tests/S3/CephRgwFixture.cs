using Amazon.Runtime;
using Amazon.S3;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>
/// One Ceph radosgw for every class of <see cref="SharedCephRgw"/>, with a client set as <see cref="CompatibleS3Client"/>
/// says; each test takes its own bucket. One, not one per class: two clusters set up at the same moment on one machine
/// made radosgw-admin wait past its minute in 2 of 4 runs (ADR 0011, consequence 8).
/// </summary>
public sealed class CephRgwFixture : IS3TestStore, IAsyncLifetime, IDisposable
{
    private CephRgwServer? _server;
    private AmazonS3Client? _client;

    public CephRgwServer Server => _server ?? throw new InvalidOperationException("radosgw is not started.");

    public AmazonS3Client Client => _client ?? throw new InvalidOperationException("radosgw is not started.");

    public Uri ServiceUrl => Server.ServiceUrl;

    public string AccessKey => CephRgwServer.AccessKey;

    public string SecretKey => CephRgwServer.SecretKey;

    public async Task InitializeAsync()
    {
        _server = await CephRgwServer.StartAsync();
        _client = new AmazonS3Client(new BasicAWSCredentials(AccessKey, SecretKey), CompatibleS3Client.Config(_server.ServiceUrl));
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
}

[CollectionDefinition(Name)]
public sealed class SharedCephRgw : ICollectionFixture<CephRgwFixture>
{
    public const string Name = "ceph-rgw";
}
