using System.Runtime.Versioning;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Tests;

/// <summary>A task of one chunk merges by a hard link to the chunk, checked by one read; where no link can be made it is copied.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SingleChunkLinkTests : IDisposable
{
    private readonly TempStorage _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task The_published_file_is_the_chunks_inode_with_the_merged_mode_and_the_recorded_md5()
    {
        var bytes = ChunkBytes.Random((3 * 1024 * 1024) + 5);
        var chunk = await _store.StoreAsync(0, bytes);
        var chunkInode = InodeOf(_store.ChunkPath(chunk));

        await using var assembled = await _store.AssembleAsync([chunk], "docs/one.bin");
        var path = await PublishAsync(assembled);

        var published = _store.MergedPath(path);
        Assert.Equal(chunkInode, InodeOf(published));
        Assert.Empty(assembled.CorruptChunks);
        Assert.Equal(bytes.Length, assembled.Size);
        Assert.Equal(ChunkBytes.Md5(bytes), assembled.Md5);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(published));
        Assert.Equal(CreatedFiles.AsCreated(CreatedFiles.MergedMode), File.GetUnixFileMode(published));
        Assert.Equal(assembled.Identity, FileIdentity.Of(published));
        Assert.True(File.Exists(_store.ChunkPath(chunk)));
    }

    [Fact]
    public async Task Where_the_link_is_refused_the_chunk_is_copied()
    {
        var bytes = ChunkBytes.Random(1024 * 1024 * 2);
        var chunk = await _store.StoreAsync(0, bytes);
        var output = _store.MergedPath(".uploader-copy.merging");
        var refusals = 0;

        var refusingLink = (string _, string _) =>
        {
            refusals++;
            return false;
        };

        var (size, md5, corrupt) = await new SingleChunkLink(_store.Layout, _store.TaskId, refusingLink).MergeAsync(chunk, output, new Progress<long>(), CancellationToken.None);

        Assert.Equal(1, refusals);
        Assert.Empty(corrupt);
        Assert.Equal(bytes.Length, size);
        Assert.Equal(ChunkBytes.Md5(bytes), md5);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(output));
        Assert.NotEqual(InodeOf(_store.ChunkPath(chunk)), InodeOf(output));
    }

    [Fact]
    public async Task A_corrupt_single_chunk_is_refused_and_the_chunk_kept()
    {
        var bytes = ChunkBytes.Random(4096);
        var chunk = await _store.StoreAsync(0, bytes);
        bytes[100] ^= 0x01;
        await File.WriteAllBytesAsync(_store.ChunkPath(chunk), bytes);

        await using (var assembled = await _store.AssembleAsync([chunk], "one.bin"))
        {
            Assert.Equal([0], assembled.CorruptChunks);
            await Assert.ThrowsAsync<InvalidOperationException>(() => assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None));
        }

        Assert.Empty(_store.MergedFiles);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.ChunkPath(chunk)));
    }

    [Fact]
    public async Task A_chunk_recorded_without_a_checksum_is_checked_by_its_md5()
    {
        var bytes = ChunkBytes.Random(5000);
        var legacy = await _store.StoreAsync(0, bytes) with { Checksum = null };

        await using (var intact = await _store.AssembleAsync([legacy], "one.bin"))
        {
            Assert.Empty(intact.CorruptChunks);
            Assert.Equal(ChunkBytes.Md5(bytes), intact.Md5);
        }

        await using var wrong = await _store.AssembleAsync([legacy with { Md5 = ChunkBytes.Md5([1]) }], "one.bin");
        Assert.Equal([0], wrong.CorruptChunks);
    }

    [Fact]
    public async Task A_refused_publish_removes_only_the_temp_name_and_the_chunk_stays_whole()
    {
        var bytes = ChunkBytes.Random(10_000);
        var chunk = await _store.StoreAsync(0, bytes);
        await File.WriteAllBytesAsync(_store.MergedPath("taken.bin"), [42]);

        await using (var assembled = await _store.AssembleAsync([chunk], "taken.bin"))
        {
            await Assert.ThrowsAsync<TargetExists>(() => assembled.ChooseTargetAsync(ConflictPolicy.Reject, CancellationToken.None));
        }

        Assert.Equal([_store.MergedPath("taken.bin")], _store.MergedFiles);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.ChunkPath(chunk)));
        await using var again = await _store.AssembleAsync([chunk], "other.bin");
        Assert.Empty(again.CorruptChunks);
    }

    private static async Task<string> PublishAsync(IAssembledFile assembled)
    {
        var path = await assembled.ChooseTargetAsync(ConflictPolicy.Reject, CancellationToken.None);
        Assert.True(await assembled.PublishAsync(path, ConflictPolicy.Reject, CancellationToken.None));
        return path;
    }

    /// <summary>On Linux the identity token starts with the inode (see <see cref="FileIdentity"/>).</summary>
    private static string InodeOf(string path) => FileIdentity.Of(path)!.Split(':')[0];
}
