using Uploader.Application.Ports;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// The merge pipeline with chunks of several blocks each, more blocks than it keeps in flight, so that the reader,
/// the file md5 and the writer really run apart; and a stream that hands out a few bytes per read.
/// </summary>
public sealed class ChunkMergerTests : IDisposable
{
    private const int Block = 1024 * 1024;
    private readonly TempStorage _store = new();
    private readonly WrittenBytes _written = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Merges_multi_block_chunks_in_order_with_the_file_md5()
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
    public async Task Rot_is_found_by_the_recorded_checksum_and_the_chunk_md5_is_not_computed()
    {
        byte[][] chunks = [.. Enumerable.Range(0, 4).Select(_ => ChunkBytes.Random(Block + 99))];
        var stored = (await _store.StoreAllAsync(chunks)).ToList();
        // A recorded md5 that no longer matches does not make chunk 0 corrupt: with a checksum, its md5 is not checked.
        stored[0] = stored[0] with { Md5 = ChunkBytes.Md5([1, 2, 3]) };
        await FlipByteAsync(stored[2], Block / 2);

        var (_, _, corrupt) = await new ChunkMerger(_store.Layout, _store.TaskId).MergeAsync(stored, _store.MergedPath("out.bin"), _written, CancellationToken.None);

        Assert.Equal([2], corrupt);
    }

    [Fact]
    public async Task A_chunk_recorded_without_a_checksum_is_checked_by_its_md5()
    {
        byte[][] chunks = [.. Enumerable.Range(0, 3).Select(_ => ChunkBytes.Random(Block + 7))];
        var stored = (await _store.StoreAllAsync(chunks)).Select(c => c with { Checksum = null }).ToList();
        var output = _store.MergedPath("out.bin");

        var (_, md5, corrupt) = await new ChunkMerger(_store.Layout, _store.TaskId).MergeAsync(stored, output, _written, CancellationToken.None);
        Assert.Empty(corrupt);
        Assert.Equal(ChunkBytes.Md5(chunks.SelectMany(c => c).ToArray()), md5);
        File.Delete(output);

        await FlipByteAsync(stored[1], 3);
        (_, _, corrupt) = await new ChunkMerger(_store.Layout, _store.TaskId).MergeAsync(stored, output, _written, CancellationToken.None);
        Assert.Equal([1], corrupt);
    }

    [Fact]
    public async Task A_chunk_longer_than_its_record_is_corrupt_and_read_at_most_one_block_past_it()
    {
        byte[][] chunks = [ChunkBytes.Random(Block), ChunkBytes.Random(Block)];
        var stored = await _store.StoreAllAsync(chunks);
        await using (var grown = new FileStream(_store.ChunkPath(stored[0]), FileMode.Append))
        {
            grown.Write(ChunkBytes.Random(20 * Block));
        }

        var (size, _, corrupt) = await new ChunkMerger(_store.Layout, _store.TaskId).MergeAsync(stored, _store.MergedPath("out.bin"), _written, CancellationToken.None);

        Assert.Equal([0], corrupt);
        Assert.Equal((2L * Block) + Block, size);
        Assert.True(new FileInfo(_store.MergedPath("out.bin")).Length <= Block);
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

    private async Task FlipByteAsync(ChunkToMerge chunk, int offset)
    {
        var bytes = await File.ReadAllBytesAsync(_store.ChunkPath(chunk));
        bytes[offset] ^= 0xFF;
        await File.WriteAllBytesAsync(_store.ChunkPath(chunk), bytes);
    }

    /// <summary>A body like the multipart reader's: at most <paramref name="perRead"/> bytes per read.</summary>
    private sealed class TrickleStream(byte[] bytes, int perRead) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, perRead)], cancellationToken);
    }
}
