namespace Uploader.Api.Tests;

/// <summary>
/// The free-space floors over real HTTP, with min_free_disk_bytes 1,000,000: below it new tasks get 507 while
/// started ones go on; below half of it (the hard floor) every write gets 507; a merge needs the file's size
/// above the hard floor in merged_dir.
/// </summary>
public sealed class DiskGuardTests : IAsyncDisposable
{
    private const long MinFree = 1_000_000;
    private const long HardFloor = MinFree / 2;
    private const int ChunkSize = 4096;

    private readonly UploaderFactory _factory = UploaderFactory.With(config => config["min_free_disk_bytes"] = MinFree);
    private readonly FakeStorageSpace _space;
    private readonly UploaderApi _api;

    public DiskGuardTests()
    {
        _space = FakeStorageSpace.InstallIn(_factory);
        _api = _factory.CreateApi();
    }

    private string StagingDir => Path.Combine(_factory.UploadDir, ".staging");

    [Fact]
    public async Task Below_the_floor_a_new_task_is_refused_while_a_started_one_still_takes_chunks()
    {
        var started = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await _api.UploadChunksAsync(started, [0]);
        _space.UploadFreeBytes = MinFree - 1;

        var fresh = SourceFile.Random(ChunkSize, ChunkSize);
        await _api.UploadAsync(fresh.Request(0)).ExpectProblemAsync(507, "insufficient_storage");
        await _api.UploadChunksAsync(started, [1]);

        await _api.StatusAsync(fresh.FileId).ExpectProblemAsync(404, "task_not_found");
        await _api.ExpectStoredAsync(started.FileId, 0, 1);
        Assert.Empty(Directory.GetFiles(StagingDir, "*", SearchOption.AllDirectories));

        _space.UploadFreeBytes = MinFree;
        await _api.UploadAllAsync(fresh);
    }

    [Fact]
    public async Task Below_the_hard_floor_every_chunk_is_refused_and_nothing_is_left_in_staging()
    {
        var started = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await _api.UploadChunksAsync(started, [0]);
        _space.UploadFreeBytes = HardFloor - 1;

        await _api.UploadAsync(started.Request(1)).ExpectProblemAsync(507, "insufficient_storage");
        await _api.UploadAsync(SourceFile.Random(10, 10).Request(0)).ExpectProblemAsync(507, "insufficient_storage");

        Assert.Empty(Directory.GetFiles(StagingDir, "*", SearchOption.AllDirectories));
        Assert.Empty(await _factory.StoredChunksAsync(started.FileId, 1));
        await _api.ExpectStoredAsync(started.FileId, 0);

        _space.UploadFreeBytes = HardFloor;
        await _api.UploadChunksAsync(started, [1]);
        await _api.ExpectStoredAsync(started.FileId, 0, 1);
    }

    [Fact]
    public async Task A_merge_without_room_for_the_file_is_refused_and_works_once_space_is_freed()
    {
        var file = SourceFile.Random((3 * ChunkSize) + 17, ChunkSize);
        await _api.UploadAllAsync(file);
        _space.MergedFreeBytes = HardFloor + file.Bytes.Length - 1;

        var problem = await _api.MergeAsync(file.FileId, file.Md5).ExpectProblemAsync(507, "insufficient_storage");

        Assert.Contains("merge again", problem.Str("detail"), StringComparison.Ordinal);
        var status = await _api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", status.Str("status"));
        Assert.Equal(file.Indexes, status.Ints("uploaded_chunks"));
        foreach (var index in file.Indexes)
        {
            Assert.Single(await _factory.StoredChunksAsync(file.FileId, index));
        }

        Assert.Empty(Directory.GetFiles(_factory.MergedDir, "*", SearchOption.AllDirectories));

        _space.MergedFreeBytes = HardFloor + file.Bytes.Length;
        Assert.Equal(file.Md5, (await _api.MergeOkAsync(file)).Str("md5"));
        Assert.Equal(file.Bytes.ToArray(), await _factory.Stored.ReadMergedAsync(file.Name));
    }

    [Fact]
    public async Task The_merged_volume_does_not_hold_back_uploads()
    {
        _space.MergedFreeBytes = 0;

        await _api.UploadAllAsync(SourceFile.Random(ChunkSize, ChunkSize));
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
    }
}
