using Uploader.Application.Errors;

namespace Uploader.Infrastructure.Tests;

/// <summary>Below the hard floor of free space the storage starts no write, on either volume.</summary>
public sealed class StorageHardFloorTests : IDisposable
{
    private const long Floor = 1000;

    private readonly TempStorage _store = new(hardFloorBytes: Floor);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Stage_below_the_floor_reads_and_writes_nothing()
    {
        _store.Space.UploadFreeBytes = Floor - 1;
        using var body = new MemoryStream(ChunkBytes.Random(100));

        await Assert.ThrowsAsync<InsufficientStorage>(
            () => _store.Storage.StageAsync(body, long.MaxValue, CancellationToken.None));

        Assert.Equal(0, body.Position);
        Assert.Empty(_store.StagedFiles);
    }

    [Fact]
    public async Task Stage_at_the_floor_is_accepted()
    {
        _store.Space.UploadFreeBytes = Floor;

        await using var staged = await _store.StageAsync(ChunkBytes.Random(100));

        Assert.Equal(100, staged.Size);
    }

    [Fact]
    public async Task Stage_looks_at_the_upload_volume_only()
    {
        _store.Space.MergedFreeBytes = 0;

        await using var staged = await _store.StageAsync(ChunkBytes.Random(10));

        Assert.Single(_store.StagedFiles);
    }

    [Fact]
    public async Task Assemble_below_the_floor_of_the_merged_volume_writes_nothing_and_keeps_the_chunks()
    {
        var chunks = await _store.StoreAllAsync([ChunkBytes.Random(10), ChunkBytes.Random(5)]);
        _store.Space.MergedFreeBytes = Floor - 1;

        await Assert.ThrowsAsync<InsufficientStorage>(() => _store.AssembleAsync(chunks, "out/file.bin"));

        Assert.Empty(_store.MergedFiles);
        Assert.All(chunks, c => Assert.True(File.Exists(_store.ChunkPath(c))));
    }

    [Fact]
    public async Task Without_a_floor_the_free_space_is_not_even_measured()
    {
        using var store = new TempStorage();
        store.Space.UploadFreeBytes = 0;
        store.Space.MergedFreeBytes = 0;
        var chunks = await store.StoreAllAsync([ChunkBytes.Random(10)]);

        await using var assembled = await store.AssembleAsync(chunks, "file.bin");

        Assert.Equal(10, assembled.Size);
        Assert.Equal(0, store.Space.Measurements);
    }
}
