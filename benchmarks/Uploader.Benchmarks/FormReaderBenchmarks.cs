using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.WebUtilities;
using Uploader.Api.Uploads;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Resilience;
using Uploader.Infrastructure.Storage;

namespace Uploader.Benchmarks;

/// <summary>
/// An upload_chunk body (four fields and the chunk) from an in-memory pipe shaped like Kestrel's (4 KiB segments,
/// paused at 1 MiB, fed 64 KiB at a time by another task) through the form reading into
/// <see cref="FileSystemChunkStorage.StageAsync"/>: the reader before issue 10 (MultipartReader with a 64 KiB buffer over
/// the request stream, through the per-read idle timer) against <see cref="MultipartBodyParser"/> on the pipe itself.
/// No fsync, so that the figure is the CPU of the path rather than the disk. In process: BenchmarkDotNet's generated
/// project for an out-of-process run failed to build on this machine (2026-12-02).
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class FormReaderBenchmarks
{
    private const string Boundary = "----uploader-benchmark-boundary";
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    private TempFolder _folder = null!;
    private FileSystemChunkStorage _storage = null!;
    private byte[] _body = null!;
    private readonly RetainingMemoryPool _blocks = new();

    [Params(8, 64)]
    public int ChunkMiB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempFolder();
        var layout = new StorageLayout(_folder.Combine("upload"), _folder.Combine("merged"), durable: false);
        _storage = new FileSystemChunkStorage(layout, new ResiliencePipelines(new RetrySettings(0, TimeSpan.Zero)), new DriveStorageSpace(layout));
        var chunk = new byte[ChunkMiB * 1024 * 1024];
        Random.Shared.NextBytes(chunk);
        var body = new MemoryStream();
        foreach (var (name, value) in new[] { ("file_id", "benchmark"), ("chunk_index", "0"), ("total_chunks", "1"), ("file_size", chunk.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)) })
        {
            body.Write(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
        }

        body.Write(Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"chunk\"; filename=\"c.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
        body.Write(chunk);
        body.Write(Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"));
        _body = body.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [Benchmark(Baseline = true, Description = "MultipartReader (before)")]
    public async Task<long> MultipartReaderStaging()
    {
        var pipe = KestrelLikePipe();
        var feeding = FeedAsync(pipe.Writer);
        var reader = new MultipartReader(Boundary, new OldIdleTimeoutStream(pipe.Reader.AsStream(), Idle), 64 * 1024);
        long staged = 0;
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            if (section.ContentDisposition!.Contains("filename", StringComparison.Ordinal))
            {
                await using var chunk = await _storage.StageAsync(section.Body, long.MaxValue, CancellationToken.None);
                staged += chunk.Size;
            }
            else
            {
                await section.Body.CopyToAsync(Stream.Null);
            }
        }

        await feeding;
        return staged;
    }

    [Benchmark(Description = "MultipartBodyParser (after)")]
    public async Task<long> PipeParserStaging()
    {
        var pipe = KestrelLikePipe();
        var feeding = FeedAsync(pipe.Writer);
        using var body = new IdleTimeoutPipeReader(pipe.Reader, Idle, () => { });
        var parser = new MultipartBodyParser(body, Boundary);
        var field = new byte[4096];
        long staged = 0;
        while (await parser.NextPartAsync(CancellationToken.None) is { } part)
        {
            if (part.ContentDisposition!.Contains("filename", StringComparison.Ordinal))
            {
                await using var content = parser.OpenPart();
                await using IStagedChunk chunk = await _storage.StageAsync(content, long.MaxValue, CancellationToken.None);
                staged += chunk.Size;
            }
            else
            {
                while (await parser.ReadPartAsync(field, CancellationToken.None) > 0)
                {
                }
            }
        }

        parser.Release();
        await feeding;
        return staged;
    }

    /// <summary>Kestrel's request pipe: 4 KiB blocks from a pool that keeps them, the writer paused at 1 MiB unread.</summary>
    private Pipe KestrelLikePipe() =>
        new(new PipeOptions(_blocks, pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: 4096, useSynchronizationContext: false));

    private async Task FeedAsync(PipeWriter writer)
    {
        await Task.Yield();
        for (var offset = 0; offset < _body.Length; offset += 64 * 1024)
        {
            await writer.WriteAsync(_body.AsMemory(offset, Math.Min(64 * 1024, _body.Length - offset)));
        }

        await writer.CompleteAsync();
    }
}
