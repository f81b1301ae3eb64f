using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Resilience;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// A <see cref="FileSystemChunkStorage"/> over upload/ and merged/ folders in a temp folder, with a hard floor
/// of free space (none by default) measured on <see cref="Space"/>.
/// </summary>
public sealed class TempStorage : IDisposable
{
    private readonly TempFolder _folder = new();

    public TempStorage(long hardFloorBytes = 0)
    {
        Layout = new StorageLayout(_folder.Combine("upload"), _folder.Combine("merged"), durable: true, hardFloorBytes);
        Layout.EnsureFolders();
        Space = new FakeStorageSpace(Layout.UploadDir, Layout.MergedDir);
        Storage = new FileSystemChunkStorage(Layout, new ResiliencePipelines(new RetrySettings(2, TimeSpan.FromMilliseconds(1))), Space);
    }

    public StorageLayout Layout { get; }

    /// <summary>The free space the storage sees; tests lower it to reach the hard floor.</summary>
    public FakeStorageSpace Space { get; }

    public FileSystemChunkStorage Storage { get; }

    public Guid TaskId { get; } = Guid.NewGuid();

    public string[] StagedFiles => Directory.GetFiles(Layout.StagingDir);

    public string[] MergedFiles => Directory.GetFiles(Layout.MergedDir, "*", SearchOption.AllDirectories);

    public string MergedPath(string relative) => Path.Combine(Layout.MergedDir, relative);

    public Task<IStagedChunk> StageAsync(byte[] bytes, long maxBytes = long.MaxValue) =>
        Storage.StageAsync(new MemoryStream(bytes), maxBytes, CancellationToken.None);

    /// <summary>Stages and commits <paramref name="bytes"/> as chunk <paramref name="index"/> of <see cref="TaskId"/>.</summary>
    public Task<ChunkToMerge> StoreAsync(int index, byte[] bytes) => StoredChunks.StoreAsync(Storage, TaskId, index, bytes);

    public Task<IReadOnlyList<ChunkToMerge>> StoreAllAsync(IReadOnlyList<byte[]> chunks) => StoredChunks.StoreAllAsync(Storage, TaskId, chunks);

    public string ChunkPath(ChunkToMerge chunk) => Layout.ChunkPath(TaskId, chunk.Location);

    public Task<IAssembledFile> AssembleAsync(IReadOnlyList<ChunkToMerge> chunks, string target) =>
        Storage.AssembleAsync(TaskId, chunks, RelativeFilePath.Parse(target), new WrittenBytes(), CancellationToken.None);

    /// <summary>Stores <paramref name="bytes"/> as a task of one chunk and merges it at <paramref name="target"/>.</summary>
    public async Task<(string Path, string Identity)> PublishAsync(byte[] bytes, string target)
    {
        var chunks = await StoreAllAsync([bytes]);
        await using var assembled = await AssembleAsync(chunks, target);
        var path = await assembled.ChooseTargetAsync(ConflictPolicy.Reject, CancellationToken.None);
        Assert.True(await assembled.PublishAsync(path, ConflictPolicy.Reject, CancellationToken.None));
        return (path, assembled.Identity);
    }

    public void Dispose() => _folder.Dispose();
}
