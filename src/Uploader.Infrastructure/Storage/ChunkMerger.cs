using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// One pass over the chunks: each block read is hashed into the chunk's md5 (to catch rot since upload)
/// and the file's md5, and written out. Once a chunk is known to be corrupt nothing more is written, but
/// the rest are still read so that the answer names every corrupt chunk at once.
/// </summary>
/// <remarks>
/// The pass is a pipeline over a fixed set of pooled blocks (<see cref="BlocksInFlight"/> ×
/// <see cref="FileSystemChunkStorage.BufferSize"/>, so memory stays bounded whatever the file's size):
/// this flow reads the chunk files in order, and three consumers take every block in the same order,
/// each on its own task: the chunk md5, the file md5 and the write. A block goes back to the pool when
/// all three are done with it. The two md5s are CPU-bound and independent, so on two cores they run
/// side by side instead of one after the other, and the write overlaps both. The written file is handed
/// to the kernel's writeback as it grows (<c>sync_file_range</c> on Linux), so the final fsync waits
/// only for the tail instead of the whole file.
/// </remarks>
internal sealed class ChunkMerger(StorageLayout layout, Guid taskId)
{
    /// <summary>Blocks read ahead of the slowest consumer.</summary>
    internal const int BlocksInFlight = 8;

    /// <summary>How much written data is handed to writeback at a time.</summary>
    internal const long WritebackStep = 8L * 1024 * 1024;

    public async Task<(long Size, string Md5, IReadOnlyList<int> Corrupt)> MergeAsync(
        IReadOnlyList<ChunkToMerge> chunks, string outputPath, IProgress<long> written, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var buffers = new byte[BlocksInFlight][];
        for (var i = 0; i < buffers.Length; i++)
        {
            buffers[i] = ArrayPool<byte>.Shared.Rent(FileSystemChunkStorage.BufferSize);
        }

        var free = Channel.CreateBounded<byte[]>(BlocksInFlight);
        foreach (var buffer in buffers)
        {
            free.Writer.TryWrite(buffer);
        }

        var state = new MergeState(chunks, free.Writer);
        try
        {
            await using var output = new FileStream(outputPath, CreatedFiles.CreateNew(CreatedFiles.MergedMode));
            var chunkHashing = Consume(state.ChunkHash, block => state.HashChunk(block), stop);
            var fileHashing = Consume(state.FileHash, block => state.HashFile(block), stop);
            var writing = Consume(state.Write, async block =>
            {
                await state.WriteAsync(block, output, layout.Durable, stop.Token);
                written.Report(state.Written);
            }, stop);

            Exception? readFailure = null;
            try
            {
                await ReadAllAsync(chunks, free.Reader, state, stop.Token);
            }
            catch (Exception ex)
            {
                readFailure = ex;
                await stop.CancelAsync();
            }
            finally
            {
                state.Complete();
            }

            await Task.WhenAll(chunkHashing, fileHashing, writing).ContinueWith(_ => { }, TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
            ThrowFirstFailure(readFailure, chunkHashing, fileHashing, writing);

            if (layout.Durable && state.Corrupt.Count == 0)
            {
                output.Flush(flushToDisk: true);
            }

            return (state.BytesRead, state.FileMd5(), state.Corrupt);
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            state.Dispose();
        }
    }

    /// <summary>A consumer's real failure wins over the cancellations it caused in the others.</summary>
    private static void ThrowFirstFailure(Exception? readFailure, params Task[] consumers)
    {
        var failure = consumers
            .Where(t => t.IsFaulted)
            .Select(t => t.Exception!.InnerException!)
            .FirstOrDefault(ex => ex is not OperationCanceledException);
        failure ??= readFailure is OperationCanceledException ? null : readFailure;
        failure ??= consumers.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault() ?? readFailure;
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static Task Consume(ChannelReader<MergeBlock> blocks, Func<MergeBlock, ValueTask> handle, CancellationTokenSource stop) =>
        Task.Run(async () =>
        {
            try
            {
                await foreach (var block in blocks.ReadAllAsync(stop.Token))
                {
                    await handle(block);
                }
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        });

    private async Task ReadAllAsync(IReadOnlyList<ChunkToMerge> chunks, ChannelReader<byte[]> free, MergeState state, CancellationToken ct)
    {
        for (var ordinal = 0; ordinal < chunks.Count; ordinal++)
        {
            var path = layout.ChunkPath(taskId, chunks[ordinal].Location);
            if (StorageLayout.IsLink(path))
            {
                // A chunk swapped for a link is not this task's bytes: never read into the merged file, named as missing.
                await state.PublishAsync(MergeBlock.EndOfChunk(ordinal, -1), ct);
                continue;
            }

            FileStream input;
            try
            {
                input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                await state.PublishAsync(MergeBlock.EndOfChunk(ordinal, -1), ct);
                continue;
            }

            await using (input)
            {
                long size = 0;
                while (true)
                {
                    var buffer = await free.ReadAsync(ct);
                    var read = await input.ReadAsync(buffer.AsMemory(0, FileSystemChunkStorage.BufferSize), ct);
                    if (read == 0)
                    {
                        state.Release(buffer);
                        break;
                    }

                    size += read;
                    await state.PublishAsync(MergeBlock.Data(ordinal, buffer, read), ct);
                }

                await state.PublishAsync(MergeBlock.EndOfChunk(ordinal, size), ct);
            }
        }
    }
}
