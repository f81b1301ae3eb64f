using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// One read of the chunks: each block read is added to its chunk's checksum (to catch rot since upload), then
/// hashed into the file's md5 and written out. Once a chunk is known to be corrupt nothing more is written or
/// hashed, but the rest are still read and checked so that the answer names every corrupt chunk at once.
/// </summary>
/// <remarks>
/// The pass is a pipeline over a fixed set of pooled blocks (<see cref="BlocksInFlight"/> ×
/// <see cref="FileSystemChunkStorage.BufferSize"/>, so memory stays bounded whatever the file's size).
/// This flow reads the chunk files in order and checks each block inline: XxHash3 runs at memory speed, so the
/// check costs the reader little (a chunk recorded without a checksum is checked by its md5 here instead, the one
/// case with a second md5). Two consumers take every block in the same order, each on its own task: the file md5,
/// the one md5 pass over the data and the longest stage, and the write, which overlaps it. A block goes back to the
/// pool when both are done with it. The written file is handed to the kernel's writeback as it grows
/// (<c>sync_file_range</c> on Linux), so the final fsync waits only for the tail instead of the whole file.
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

        var state = new MergeState(free.Writer);
        try
        {
            await using var output = new FileStream(outputPath, CreatedFiles.CreateNew(CreatedFiles.MergedMode));
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

            await Task.WhenAll(fileHashing, writing).ContinueWith(_ => { }, TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
            ThrowFirstFailure(readFailure, fileHashing, writing);

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
        foreach (var chunk in chunks)
        {
            var path = layout.ChunkPath(taskId, chunk.Location);
            if (StorageLayout.IsLink(path))
            {
                // A chunk swapped for a link is not this task's bytes: never read into the merged file, named as missing.
                state.MarkCorrupt(chunk.Index);
                continue;
            }

            FileStream input;
            try
            {
                input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                state.MarkCorrupt(chunk.Index);
                continue;
            }

            await using (input)
            {
                using var check = ChunkCheck.For(chunk);
                while (!check.Overrun)
                {
                    var buffer = await free.ReadAsync(ct);
                    var read = await input.ReadAsync(buffer.AsMemory(0, FileSystemChunkStorage.BufferSize), ct);
                    if (read == 0)
                    {
                        state.Release(buffer);
                        break;
                    }

                    check.Append(buffer.AsSpan(0, read));
                    if (state.AnyCorrupt || check.Overrun)
                    {
                        state.Release(buffer);
                    }
                    else
                    {
                        await state.PublishAsync(new MergeBlock(buffer, read), ct);
                    }
                }

                state.BytesRead += check.Size;
                if (!check.Intact())
                {
                    state.MarkCorrupt(chunk.Index);
                }
            }
        }
    }
}
