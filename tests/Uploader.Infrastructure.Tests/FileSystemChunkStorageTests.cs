using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;

namespace Uploader.Infrastructure.Tests;

public sealed class FileSystemChunkStorageTests : IDisposable
{
    private readonly TempStorage _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Stage_computes_size_md5_and_checksum_of_the_streamed_bytes()
    {
        var bytes = ChunkBytes.Random((3 * 1024 * 1024) + 17);

        await using var staged = await _store.StageAsync(bytes);

        Assert.Equal(bytes.Length, staged.Size);
        Assert.Equal(ChunkBytes.Md5(bytes), staged.Md5);
        Assert.Equal(Convert.ToHexStringLower(System.IO.Hashing.XxHash3.Hash(bytes)), staged.Checksum);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Assert.Single(_store.StagedFiles)));
    }

    [Fact]
    public async Task Stage_above_the_limit_throws_and_leaves_no_staging_file()
    {
        var bytes = ChunkBytes.Random(1001);

        await Assert.ThrowsAsync<ChunkTooLarge>(() => _store.StageAsync(bytes, maxBytes: 1000));

        Assert.Empty(_store.StagedFiles);
        await using var exact = await _store.StageAsync(bytes, maxBytes: 1001);
        Assert.Equal(1001, exact.Size);
    }

    [Fact]
    public async Task Disposing_an_uncommitted_stage_deletes_it_but_a_committed_chunk_stays()
    {
        var uncommitted = await _store.StageAsync(ChunkBytes.Random(10));
        Assert.Single(_store.StagedFiles);
        await uncommitted.DisposeAsync();
        Assert.Empty(_store.StagedFiles);

        var chunk = await _store.StoreAsync(0, ChunkBytes.Random(10));

        Assert.Empty(_store.StagedFiles);
        Assert.True(File.Exists(_store.ChunkPath(chunk)));
    }

    [Fact]
    public async Task Commit_never_overwrites_an_earlier_version()
    {
        var first = ChunkBytes.Random(100);
        var second = ChunkBytes.Random(100);

        var older = await _store.StoreAsync(0, first);
        var newer = await _store.StoreAsync(0, second);

        Assert.NotEqual(older.Location, newer.Location);
        Assert.Equal(first, await File.ReadAllBytesAsync(_store.ChunkPath(older)));
        Assert.Equal(second, await File.ReadAllBytesAsync(_store.ChunkPath(newer)));
    }

    [Fact]
    public async Task A_stage_is_committed_once()
    {
        await using var staged = await _store.StageAsync(ChunkBytes.Random(10));
        await staged.CommitAsync(_store.TaskId, 0, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => staged.CommitAsync(_store.TaskId, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Assemble_concatenates_the_chunks_and_publish_moves_the_file_into_place()
    {
        byte[][] chunks = [ChunkBytes.Random(1500), ChunkBytes.Random(1500), ChunkBytes.Random(3)];
        var stored = await _store.StoreAllAsync(chunks);
        byte[] whole = [.. chunks[0], .. chunks[1], .. chunks[2]];

        await using (var assembled = await _store.AssembleAsync(stored, "docs/report.pdf"))
        {
            Assert.Empty(assembled.CorruptChunks);
            Assert.Equal(whole.Length, assembled.Size);
            Assert.Equal(ChunkBytes.Md5(whole), assembled.Md5);
            Assert.Equal("docs/report.pdf", await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None));
            Assert.True(await assembled.PublishAsync("docs/report.pdf", ConflictPolicy.Rename, CancellationToken.None));
        }

        Assert.Equal(whole, await File.ReadAllBytesAsync(_store.MergedPath("docs/report.pdf")));
        Assert.Single(_store.MergedFiles);
    }

    [Fact]
    public async Task Assemble_reports_chunks_whose_bytes_changed_or_vanished_and_leaves_nothing_behind()
    {
        byte[][] chunks = [ChunkBytes.Random(100), ChunkBytes.Random(100), ChunkBytes.Random(100), ChunkBytes.Random(100)];
        var stored = await _store.StoreAllAsync(chunks);
        await File.WriteAllBytesAsync(_store.ChunkPath(stored[1]), ChunkBytes.Random(100));
        File.Delete(_store.ChunkPath(stored[2]));

        await using (var assembled = await _store.AssembleAsync(stored, "a.bin"))
        {
            Assert.Equal([1, 2], assembled.CorruptChunks);
            await Assert.ThrowsAsync<InvalidOperationException>(() => assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None));
            await Assert.ThrowsAsync<InvalidOperationException>(() => assembled.PublishAsync("a.bin", ConflictPolicy.Rename, CancellationToken.None));
        }

        Assert.Empty(_store.MergedFiles);
    }

    [Fact]
    public async Task Assemble_reports_a_chunk_whose_size_changed()
    {
        var stored = await _store.StoreAllAsync([ChunkBytes.Random(100)]);
        await File.AppendAllTextAsync(_store.ChunkPath(stored[0]), "x");

        await using var assembled = await _store.AssembleAsync(stored, "a.bin");

        Assert.Equal([0], assembled.CorruptChunks);
    }

    [Fact]
    public async Task Publish_with_rename_numbers_the_new_file()
    {
        await File.WriteAllTextAsync(_store.MergedPath("name.ext"), "first");
        await File.WriteAllTextAsync(_store.MergedPath("name (1).ext"), "second");
        var bytes = ChunkBytes.Random(50);

        var published = await PublishAsync(bytes, "name.ext", ConflictPolicy.Rename);

        Assert.Equal("name (2).ext", published);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.MergedPath("name (2).ext")));
        Assert.Equal("first", await File.ReadAllTextAsync(_store.MergedPath("name.ext")));
        Assert.Equal("second", await File.ReadAllTextAsync(_store.MergedPath("name (1).ext")));
    }

    [Fact]
    public async Task Publish_with_rename_numbers_a_name_without_extension()
    {
        await File.WriteAllTextAsync(_store.MergedPath("archive"), "first");

        Assert.Equal("archive (1)", await PublishAsync(ChunkBytes.Random(5), "archive", ConflictPolicy.Rename));
    }

    [Fact]
    public async Task Publish_with_overwrite_replaces_the_file()
    {
        await File.WriteAllTextAsync(_store.MergedPath("name.ext"), "old");
        var bytes = ChunkBytes.Random(50);

        Assert.Equal("name.ext", await PublishAsync(bytes, "name.ext", ConflictPolicy.Overwrite));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.MergedPath("name.ext")));
        Assert.Single(_store.MergedFiles);
    }

    [Fact]
    public async Task Publish_with_reject_throws_TargetExists_and_keeps_the_existing_file()
    {
        await File.WriteAllTextAsync(_store.MergedPath("name.ext"), "keep");

        await Assert.ThrowsAsync<TargetExists>(() => PublishAsync(ChunkBytes.Random(50), "name.ext", ConflictPolicy.Reject));

        Assert.Equal("keep", await File.ReadAllTextAsync(_store.MergedPath("name.ext")));
        Assert.Single(_store.MergedFiles);
    }

    [Fact]
    public async Task Publish_with_reject_succeeds_when_the_name_is_free()
    {
        var bytes = ChunkBytes.Random(50);

        Assert.Equal("free.ext", await PublishAsync(bytes, "free.ext", ConflictPolicy.Reject));

        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.MergedPath("free.ext")));
    }

    [Theory]
    [InlineData(ConflictPolicy.Rename)]
    [InlineData(ConflictPolicy.Reject)]
    public async Task Publish_to_a_name_taken_since_it_was_chosen_answers_false_and_keeps_both_files(ConflictPolicy policy)
    {
        var stored = await _store.StoreAllAsync([ChunkBytes.Random(50)]);
        await using var assembled = await _store.AssembleAsync(stored, "name.ext");
        var chosen = await assembled.ChooseTargetAsync(policy, CancellationToken.None);
        await File.WriteAllTextAsync(_store.MergedPath(chosen), "a racing merge");

        Assert.False(await assembled.PublishAsync(chosen, policy, CancellationToken.None));

        Assert.Equal("a racing merge", await File.ReadAllTextAsync(_store.MergedPath(chosen)));
        Assert.Equal("name (1).ext", await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None));
        Assert.True(await assembled.PublishAsync("name (1).ext", ConflictPolicy.Rename, CancellationToken.None));
    }

    [Fact]
    public async Task A_published_file_is_recognised_by_its_size_and_md5_and_nothing_else_is()
    {
        var bytes = ChunkBytes.Random(3000);
        var published = await PublishAsync(bytes, "docs/held.bin", ConflictPolicy.Rename);
        var md5 = ChunkBytes.Md5(bytes);

        Assert.True(await _store.Storage.HoldsMergedFileAsync(published, bytes.Length, md5, CancellationToken.None));
        Assert.False(await _store.Storage.HoldsMergedFileAsync(published, bytes.Length, new string('0', 32), CancellationToken.None));
        Assert.False(await _store.Storage.HoldsMergedFileAsync(published, bytes.Length + 1, md5, CancellationToken.None));
        Assert.False(await _store.Storage.HoldsMergedFileAsync("docs/missing.bin", bytes.Length, md5, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidPath>(() => _store.Storage.HoldsMergedFileAsync("../outside.bin", bytes.Length, md5, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_task_data_removes_every_chunk_version()
    {
        var chunk = await _store.StoreAsync(0, ChunkBytes.Random(10));
        await _store.StoreAsync(0, ChunkBytes.Random(10));

        await _store.Storage.DeleteTaskDataAsync(_store.TaskId, CancellationToken.None);

        Assert.False(Directory.Exists(Path.GetDirectoryName(_store.ChunkPath(chunk))));
    }

    private async Task<string> PublishAsync(byte[] bytes, string target, ConflictPolicy policy)
    {
        var stored = await _store.StoreAllAsync([bytes]);
        await using IAssembledFile assembled = await _store.AssembleAsync(stored, target);
        var chosen = await assembled.ChooseTargetAsync(policy, CancellationToken.None);
        Assert.True(await assembled.PublishAsync(chosen, policy, CancellationToken.None));
        return chosen;
    }

    [Fact]
    public async Task A_linked_chunk_is_the_same_file_under_the_other_task_written_now_and_the_source_stays()
    {
        var bytes = ChunkBytes.Random(1000);
        var source = await _store.StoreAsync(3, bytes);
        var sourcePath = _store.ChunkPath(source);
        File.SetLastWriteTimeUtc(sourcePath, DateTime.UtcNow.AddDays(-2));
        var other = Guid.NewGuid();

        var location = await _store.Storage.LinkChunkAsync(_store.TaskId, source.Location, source.Size, other, 0, CancellationToken.None);

        var linkedPath = _store.Layout.ChunkPath(other, location);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(linkedPath));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(sourcePath));
        Assert.Equal(Storage.FileIdentity.Of(sourcePath), Storage.FileIdentity.Of(linkedPath));
        Assert.Contains(location, await _store.Storage.ListChunkLocationsAsync(other, DateTime.UtcNow.AddDays(1), CancellationToken.None));
        Assert.Empty(await _store.Storage.ListChunkLocationsAsync(other, DateTime.UtcNow.AddHours(-1), CancellationToken.None));
    }
}
