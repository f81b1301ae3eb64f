using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// The merge pipeline with chunks of several blocks each, more blocks than it keeps in flight, so that the reader,
/// the two md5 consumers and the writer really run apart; and a stream that hands out a few bytes per read.
/// </summary>
public sealed class ChunkMergerTests : IDisposable
{
    private const int Block = 1024 * 1024;
    private readonly TempStorage _store = new();
    private readonly WrittenBytes _written = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Merges_multi_block_chunks_in_order_with_both_md5s()
    {
        byte[][] chunks = [.. Enumerable.Range(0, 5).Select(_ => ChunkBytes.Random(3 * Block + 17)), ChunkBytes.Random(1234)];
        var stored = await _store.StoreAllAsync(chunks);
        var whole = chunks.SelectMany(c => c).ToArray();
        var output = _store.MergedPath("out.bin");

        var (size, md5, corrupt) = await new ChunkMerger(_store.Layout, _store.TaskId).MergeAsync(stored, output, _written, CancellationToken.None);

        Assert.Empty(corrupt);
        Assert.Equal(whole.Length, size);
        Assert.Equal(ChunkBytes.Md5(whole), md5);
        Assert.Equal(whole, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task Reports_the_bytes_written_after_every_block_up_to_the_whole_file()
    {
        byte[][] chunks = [ChunkBytes.Random(2 * Block + 100), ChunkBytes.Random(Block)];
        var stored = await _store.StoreAllAsync(chunks);

        await new ChunkMerger(_store.Layout, _store.TaskId).MergeAsync(stored, _store.MergedPath("out.bin"), _written, CancellationToken.None);

        // Blocks of the first chunk: 1 MiB, 1 MiB, 100 bytes; then one of the second; and one report per end of chunk.
        var reports = _written.Reports.Distinct().ToList();
        Assert.Equal([Block, 2L * Block, (2L * Block) + 100, (3L * Block) + 100], reports);
        Assert.Equal(reports.Order(), _written.Reports.Distinct());
    }

    [Fact]
    public async Task Names_every_corrupt_chunk_and_stops_writing_once_one_is_known()
    {
        byte[][] chunks = [.. Enumerable.Range(0, 12).Select(_ => ChunkBytes.Random(2 * Block + 5))];
        var stored = await _store.StoreAllAsync(chunks);
        var rotten = await File.ReadAllBytesAsync(_store.ChunkPath(stored[1]));
        rotten[Block + 3] ^= 0xFF;
        await File.WriteAllBytesAsync(_store.ChunkPath(stored[1]), rotten);
        File.Delete(_store.ChunkPath(stored[10]));
        var output = _store.MergedPath("out.bin");

        var (size, _, corrupt) = await new ChunkMerger(_store.Layout, _store.TaskId).MergeAsync(stored, output, _written, CancellationToken.None);

        Assert.Equal([1, 10], corrupt);
        Assert.Equal(11L * chunks[0].Length, size);
        // The writer may run ahead of the chunk md5 by the blocks in flight, never through the rest of the file.
        Assert.True(new FileInfo(output).Length <= (2L * chunks[0].Length) + (ChunkMerger.BlocksInFlight * Block));
    }

    [Fact]
    public async Task A_cancelled_merge_throws_and_returns_its_blocks()
    {
        var stored = await _store.StoreAllAsync([ChunkBytes.Random(4 * Block), ChunkBytes.Random(4 * Block)]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ChunkMerger(_store.Layout, _store.TaskId).MergeAsync(stored, _store.MergedPath("out.bin"), _written, cancelled.Token));
    }

    [Fact]
    public async Task Staging_fills_whole_blocks_from_a_body_that_hands_out_a_few_bytes_per_read()
    {
        var bytes = ChunkBytes.Random(Block + 4099);

        await using var staged = await _store.Storage.StageAsync(new TrickleStream(bytes, 4096), long.MaxValue, CancellationToken.None);

        Assert.Equal(bytes.Length, staged.Size);
        Assert.Equal(ChunkBytes.Md5(bytes), staged.Md5);
    }

    /// <summary>A body like the multipart reader's: at most <paramref name="perRead"/> bytes per read.</summary>
    private sealed class TrickleStream(byte[] bytes, int perRead) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, perRead)], cancellationToken);
    }
}
