using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Resilience;
using Uploader.Infrastructure.Storage;
using Uploader.Infrastructure.Storage.S3;

namespace Uploader.Infrastructure.Tests.S3.Adapter;

/// <summary>
/// An <see cref="S3ChunkStorage"/> on a fresh bucket of the class's S3 server, staging in a temp folder, with the conflict
/// policy a test picks (what the Api would give from on_conflict).
/// </summary>
internal sealed class S3TempStorage : IDisposable
{
    private readonly TempFolder _folder = new();

    private S3TempStorage(IS3TestStore s3, string bucketName, ConflictPolicy onConflict)
    {
        Layout = new StorageLayout(_folder.Combine("upload"), _folder.Combine("merged"), durable: false);
        Layout.EnsureFolders();
        var space = new FakeStorageSpace(Layout.UploadDir, Layout.MergedDir);
        Settings = new S3Settings(s3.ServiceUrl.ToString(), "us-east-1", bucketName, "deploy/", true, s3.AccessKey, s3.SecretKey, PresignedDownloads: true);
        Bucket = new BucketClient(s3.Client, Settings);
        Keys = new S3Keys(Settings.Prefix);
        var staging = new FileSystemChunkStorage(Layout, new ResiliencePipelines(new RetrySettings(0, TimeSpan.Zero)), space);
        Storage = new S3ChunkStorage(Bucket, Keys, staging, Layout, new UploadPolicy { OnConflict = onConflict }, NullLogger<S3ChunkStorage>.Instance);
        Leftovers = new S3Leftovers(Bucket, Keys, new FileSystemLeftovers(Layout, NullLogger<FileSystemLeftovers>.Instance), NullLogger<S3Leftovers>.Instance);
        Links = new PresignedDownloads(Bucket, Keys, Settings);
        S3 = s3;
    }

    public IS3TestStore S3 { get; }

    public StorageLayout Layout { get; }

    public S3Settings Settings { get; }

    public BucketClient Bucket { get; }

    public S3Keys Keys { get; }

    public S3ChunkStorage Storage { get; }

    public S3Leftovers Leftovers { get; }

    public PresignedDownloads Links { get; }

    public Guid TaskId { get; } = Guid.NewGuid();

    public static async Task<S3TempStorage> StartAsync(IS3TestStore s3, ConflictPolicy onConflict = ConflictPolicy.Rename) =>
        new(s3, await s3.NewBucketAsync(), onConflict);

    public string MergedKey(string relative) => Keys.MergedByText(relative);

    public string ChunkKey(ChunkToMerge chunk) => Keys.Chunk(TaskId, chunk.Location);

    /// <summary>Every key in the bucket, sorted.</summary>
    public async Task<string[]> KeysAsync()
    {
        var listed = await S3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Settings.Bucket });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal)];
    }

    public Task<byte[]> ReadAsync(string key) => S3.ReadAsync(Settings.Bucket, key);

    public Task PutAsync(string key, byte[] bytes) => S3.PutAsync(Settings.Bucket, key, bytes);

    public string[] LocalFiles => Directory.GetFiles(Layout.UploadDir, "*", SearchOption.AllDirectories);

    public Task<ChunkToMerge> StoreAsync(int index, byte[] bytes, Guid? taskId = null) =>
        StoredChunks.StoreAsync(Storage, taskId ?? TaskId, index, bytes);

    public Task<IReadOnlyList<ChunkToMerge>> StoreAllAsync(IReadOnlyList<byte[]> chunks) => StoredChunks.StoreAllAsync(Storage, TaskId, chunks);

    public Task<IAssembledFile> AssembleAsync(IReadOnlyList<ChunkToMerge> chunks, string target, WrittenBytes? written = null) =>
        Storage.AssembleAsync(TaskId, chunks, RelativeFilePath.Parse(target), written ?? new WrittenBytes(), CancellationToken.None);

    public void Dispose() => _folder.Dispose();
}
