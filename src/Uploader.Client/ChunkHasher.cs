using System.Buffers;
using System.Security.Cryptography;

namespace Uploader.Client;

/// <summary>
/// One sequential pass over the file that yields each chunk's md5 as soon as the pass has crossed it, and the whole
/// file's md5 at the end. Uploads wait only for the chunk they send, so hashing and sending overlap, and the file is
/// read once for hashing however many chunks are sent.
/// </summary>
internal sealed class ChunkHasher
{
    private const int BufferSize = 1024 * 1024;

    private readonly ChunkLayout _layout;
    private readonly TaskCompletionSource<string>[] _chunks;
    private readonly TaskCompletionSource<string> _file = NewSource();

    private readonly LocalFileReader _files;

    public ChunkHasher(ChunkLayout layout, LocalFileReader files)
    {
        _layout = layout;
        _files = files;
        _chunks = [.. Enumerable.Range(0, layout.TotalChunks).Select(_ => NewSource())];
    }

    public Task<string> ChunkMd5Async(int index, CancellationToken cancellationToken) => _chunks[index].Task.WaitAsync(cancellationToken);

    public Task<string> FileMd5Async(CancellationToken cancellationToken) => _file.Task.WaitAsync(cancellationToken);

    /// <summary>Runs the pass; never throws: a failure reaches whoever waits for a hash.</summary>
    public async Task RunAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await HashAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var source in _chunks.Append(_file))
            {
                if (ex is OperationCanceledException)
                {
                    source.TrySetCanceled(cancellationToken);
                }
                else
                {
                    source.TrySetException(ex);
                }
            }
        }
    }

    private async Task HashAsync(string path, CancellationToken cancellationToken)
    {
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var chunk = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var file = _files.Open(path, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                for (var index = 0; index < _layout.TotalChunks; index++)
                {
                    var left = _layout.Length(index);
                    while (left > 0)
                    {
                        var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            throw new InvalidDataException($"'{path}' became shorter while it was hashed.");
                        }

                        whole.AppendData(buffer, 0, read);
                        chunk.AppendData(buffer, 0, read);
                        left -= read;
                    }

                    _chunks[index].TrySetResult(Convert.ToHexStringLower(chunk.GetHashAndReset()));
                }
            }

            _file.TrySetResult(Convert.ToHexStringLower(whole.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static TaskCompletionSource<string> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
