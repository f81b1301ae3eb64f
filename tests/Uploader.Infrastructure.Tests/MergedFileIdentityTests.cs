using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Tests;

/// <summary>Recognising the file a merge published by the identity it recorded, not by its path.</summary>
public sealed class MergedFileIdentityTests : IDisposable
{
    private readonly TempStorage _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task The_published_file_keeps_the_identity_of_the_assembled_one_and_a_replacement_under_its_name_does_not()
    {
        var bytes = ChunkBytes.Random(100);
        var (path, identity) = await _store.PublishAsync(bytes, "docs/a.bin");

        Assert.Equal(MergedFileState.Present, await InspectAsync(path, 100, identity));

        var other = _store.MergedPath("docs/other.bin");
        await File.WriteAllBytesAsync(other, bytes);
        File.Move(other, _store.MergedPath(path), overwrite: true);

        Assert.Equal(MergedFileState.Replaced, await InspectAsync(path, 100, identity));
        Assert.Equal(MergedFileRemoval.Replaced, await _store.Storage.DeleteMergedFileAsync(path, 100, identity, CancellationToken.None));
        Assert.True(File.Exists(_store.MergedPath(path)));
    }

    [Fact]
    public async Task A_file_whose_bytes_were_rewritten_in_place_is_replaced()
    {
        var (path, identity) = await _store.PublishAsync(ChunkBytes.Random(100), "a.bin");
        var full = _store.MergedPath(path);
        File.SetLastWriteTimeUtc(full, File.GetLastWriteTimeUtc(full).AddSeconds(-5));

        Assert.Equal(MergedFileState.Replaced, await InspectAsync(path, 100, identity));
    }

    [Fact]
    public async Task Without_a_recorded_identity_the_size_decides_and_a_missing_file_is_missing()
    {
        var (path, identity) = await _store.PublishAsync(ChunkBytes.Random(100), "a.bin");

        Assert.Equal(MergedFileState.Present, await InspectAsync(path, 100, null));
        Assert.Equal(MergedFileState.Replaced, await InspectAsync(path, 99, null));
        Assert.Equal(MergedFileRemoval.Deleted, await _store.Storage.DeleteMergedFileAsync(path, 100, identity, CancellationToken.None));
        Assert.Equal(MergedFileState.Missing, await InspectAsync(path, 100, identity));
        Directory.CreateDirectory(_store.MergedPath(path));
        Assert.Equal(MergedFileState.Missing, await InspectAsync(path, 100, identity));
    }

    private Task<MergedFileState> InspectAsync(string path, long size, string? identity) =>
        _store.Storage.InspectMergedFileAsync(path, size, identity, CancellationToken.None);

}
