using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Tests;

/// <summary>Opening a merged file for a download: only the file the merge published, checked on what was opened.</summary>
public sealed class MergedFileOpeningTests : IDisposable
{
    private readonly TempStorage _store = new();
    private readonly TempFolder _outside = new();

    public void Dispose()
    {
        _store.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task The_published_file_opens_seekable_at_its_start_with_its_bytes()
    {
        var bytes = ChunkBytes.Random(5000);
        var (path, identity) = await _store.PublishAsync(bytes, "docs/a.bin");

        var opened = await OpenAsync(path, bytes.Length, identity);

        Assert.Equal(MergedFileState.Present, opened.State);
        await using var content = opened.Content!;
        Assert.True(content.CanSeek);
        Assert.Equal(bytes.Length, content.Length);
        content.Seek(4000, SeekOrigin.Begin);
        var tail = new byte[1000];
        await content.ReadExactlyAsync(tail);
        Assert.Equal(bytes[4000..], tail);
    }

    [Fact]
    public async Task A_file_with_the_same_bytes_moved_over_the_published_one_is_replaced_and_not_opened()
    {
        var bytes = ChunkBytes.Random(100);
        var (path, identity) = await _store.PublishAsync(bytes, "a.bin");
        var other = _store.MergedPath("other.bin");
        await File.WriteAllBytesAsync(other, bytes);
        File.Move(other, _store.MergedPath(path), overwrite: true);

        var opened = await OpenAsync(path, 100, identity);

        Assert.Equal(MergedFileState.Replaced, opened.State);
        Assert.Null(opened.Content);
    }

    [Fact]
    public async Task A_link_in_place_of_the_file_is_replaced_even_when_it_leads_to_the_same_bytes()
    {
        var bytes = ChunkBytes.Random(100);
        var (path, identity) = await _store.PublishAsync(bytes, "a.bin");
        var outside = Path.Combine(_outside.Path, "copy.bin");
        File.Move(_store.MergedPath(path), outside);
        File.CreateSymbolicLink(_store.MergedPath(path), outside);

        Assert.Equal(MergedFileState.Replaced, (await OpenAsync(path, 100, identity)).State);
        Assert.Equal(MergedFileState.Replaced, (await OpenAsync(path, 100, null)).State);
    }

    [Fact]
    public async Task Nothing_or_a_folder_at_the_path_is_missing()
    {
        var (path, identity) = await _store.PublishAsync(ChunkBytes.Random(100), "a.bin");
        File.Delete(_store.MergedPath(path));

        Assert.Equal(MergedFileState.Missing, (await OpenAsync(path, 100, identity)).State);
        Directory.CreateDirectory(_store.MergedPath(path));
        Assert.Equal(MergedFileState.Missing, (await OpenAsync(path, 100, identity)).State);
        Assert.Equal(MergedFileState.Missing, (await OpenAsync("no/such/file.bin", 100, null)).State);
    }

    [Fact]
    public async Task Without_a_recorded_identity_the_size_decides()
    {
        var (path, _) = await _store.PublishAsync(ChunkBytes.Random(100), "a.bin");

        var same = await OpenAsync(path, 100, null);
        await using (same.Content)
        {
            Assert.Equal(MergedFileState.Present, same.State);
        }

        Assert.Equal(MergedFileState.Replaced, (await OpenAsync(path, 99, null)).State);
    }

    private Task<MergedFileOpening> OpenAsync(string path, long size, string? identity) =>
        _store.Storage.OpenMergedFileAsync(path, size, identity, CancellationToken.None);

}
