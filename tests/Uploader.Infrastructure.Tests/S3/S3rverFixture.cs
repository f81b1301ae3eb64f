using Amazon.S3;
using Amazon.S3.Model;

namespace Uploader.Infrastructure.Tests.S3;

/// <summary>One s3rver per test class, with a client set as <see cref="CompatibleS3Client"/> says; each test takes its own bucket.</summary>
public sealed class S3rverFixture : IS3TestStore, IAsyncLifetime, IDisposable
{
    private S3rverServer? _server;
    private AmazonS3Client? _client;

    public S3rverServer Server => _server ?? throw new InvalidOperationException("s3rver is not started.");

    public AmazonS3Client Client => _client ?? throw new InvalidOperationException("s3rver is not started.");

    public Uri ServiceUrl => Server.ServiceUrl;

    public string AccessKey => S3rverServer.AccessKey;

    public string SecretKey => S3rverServer.SecretKey;

    public async Task InitializeAsync()
    {
        _server = await S3rverServer.StartAsync();
        _client = CompatibleS3Client.For(_server);
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

    public Task<string> NewBucketAsync() => Server.CreateBucketAsync();

    public async Task<string> StartUploadAsync(string bucket, string key) =>
        (await Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key })).UploadId;
}
