using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Resilience;
using Uploader.Infrastructure.Storage;

namespace Uploader.Benchmarks;

/// <summary>
/// What the server does with the body of one upload_chunk request: <see cref="FileSystemChunkStorage.StageAsync"/>
/// copies it to a staging file in blocks, hashing each block into an md5, and fsyncs the file (with
/// enable_atomic_operations). The request body is a MemoryStream here, so the figure is the storage side alone:
/// no socket, no multipart parsing. The two references split it: the md5 alone, and the copy + fsync without md5.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class StagingBenchmarks
{
    private TempFolder _folder = null!;
    private FileSystemChunkStorage _storage = null!;
    private byte[] _chunk = null!;

    [Params(8, 64)]
    public int ChunkMiB { get; set; }

    /// <summary>enable_atomic_operations: fsync the staged file before it counts as received.</summary>
    [Params(true, false)]
    public bool Fsync { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempFolder();
        var layout = new StorageLayout(_folder.Combine("upload"), _folder.Combine("merged"), durable: Fsync);
        _storage = new FileSystemChunkStorage(layout, new ResiliencePipelines(new RetrySettings(0, TimeSpan.Zero)), new DriveStorageSpace(layout));
        _chunk = new byte[ChunkMiB * 1024 * 1024];
        Random.Shared.NextBytes(_chunk);
    }

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [Benchmark(Description = "StageAsync (copy + md5 [+ fsync])")]
    public async Task<long> Stage()
    {
        await using IStagedChunk staged = await _storage.StageAsync(new MemoryStream(_chunk, writable: false), long.MaxValue, CancellationToken.None);
        return staged.Size;
    }

    [Benchmark(Baseline = true, Description = "copy [+ fsync], no md5")]
    public async Task<long> CopyOnly()
    {
        var path = _folder.Combine($"{Guid.NewGuid():N}.copy");
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0, Options = FileOptions.Asynchronous,
            });
            var source = new MemoryStream(_chunk, writable: false);
            var buffer = new byte[1024 * 1024];
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read));
            }

            if (Fsync)
            {
                file.Flush(flushToDisk: true);
            }

            return file.Length;
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Benchmark(Description = "md5 only, 1 MiB blocks")]
    public byte[] Md5Only()
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        for (var offset = 0; offset < _chunk.Length; offset += 1024 * 1024)
        {
            md5.AppendData(_chunk, offset, Math.Min(1024 * 1024, _chunk.Length - offset));
        }

        return md5.GetHashAndReset();
    }
}
