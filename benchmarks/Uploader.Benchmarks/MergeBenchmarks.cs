using System.IO.Hashing;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Storage;

namespace Uploader.Benchmarks;

/// <summary>
/// The merge pass (<see cref="ChunkMerger"/>, what <c>AssembleAsync</c> runs) over <see cref="ChunkCount"/> stored
/// chunks of 8 MiB: read every chunk, re-check its md5, hash the whole file, write it, fsync it. Compared with
/// <see cref="SerialMerge"/>, the one-thread loop the server used before (a copy kept here as the reference).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 6)]
public class MergeBenchmarks
{
    private const int ChunkBytes = 8 * 1024 * 1024;
    private TempFolder _folder = null!;
    private StorageLayout _layout = null!;
    private readonly Guid _taskId = Guid.NewGuid();
    private List<ChunkToMerge> _chunks = null!;

    /// <summary>32 chunks of 8 MiB: 256 MiB, a quarter of run.sh's file.</summary>
    [Params(32)]
    public int ChunkCount { get; set; }

    /// <summary>enable_atomic_operations: fsync the merged file at the end.</summary>
    [Params(true, false)]
    public bool Durable { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempFolder();
        _layout = new StorageLayout(_folder.Combine("upload"), _folder.Combine("merged"), durable: Durable);
        Directory.CreateDirectory(_layout.TaskDir(_taskId));
        Directory.CreateDirectory(_layout.MergedDir);
        _chunks = [];
        var bytes = new byte[ChunkBytes];
        for (var i = 0; i < ChunkCount; i++)
        {
            Random.Shared.NextBytes(bytes);
            var location = StorageLayout.NewChunkLocation(i);
            File.WriteAllBytes(_layout.ChunkPath(_taskId, location), bytes);
            _chunks.Add(new ChunkToMerge(i, location, bytes.Length, Convert.ToHexStringLower(MD5.HashData(bytes)), Convert.ToHexStringLower(XxHash3.Hash(bytes))));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [Benchmark(Description = "ChunkMerger (pipelined)")]
    public async Task<long> Pipelined()
    {
        var output = Output();
        try
        {
            var (size, _, corrupt) = await new ChunkMerger(_layout, _taskId).MergeAsync(_chunks, output, Unwatched.Progress, CancellationToken.None);
            return corrupt.Count == 0 ? size : throw new InvalidOperationException("corrupt chunks");
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Benchmark(Baseline = true, Description = "serial loop (before)")]
    public async Task<long> Serial()
    {
        var output = Output();
        try
        {
            var (size, _, corrupt) = await new SerialMerge(_layout, _taskId).MergeAsync(_chunks, output, CancellationToken.None);
            return corrupt.Count == 0 ? size : throw new InvalidOperationException("corrupt chunks");
        }
        finally
        {
            File.Delete(output);
        }
    }

    private string Output() => Path.Combine(_layout.MergedDir, $".uploader-{Guid.NewGuid():N}.merging");
}
