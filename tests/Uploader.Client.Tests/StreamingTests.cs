using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>Chunks are streamed from the file, never held in memory: allocations stay far below the bytes moved.</summary>
[Collection(AllocationMeasurement.Name)]
public sealed class StreamingTests : IDisposable
{
    private const int FileSize = 32 * 1024 * 1024;
    private const long AllocationLimit = 4 * 1024 * 1024;

    private readonly TempFolder _files = new();
    private readonly string _source;

    public StreamingTests() => _source = SourceFiles.Write(_files.Combine("large.bin"), FileSize, seed: 50);

    [Fact]
    public async Task A_chunk_is_sent_from_the_file_through_a_small_buffer()
    {
        using var content = new FileSegmentContent(LocalFileReader.Default, _source, offset: 1024, size: FileSize - 2048);
        var sink = new CountingStream();

        var allocated = await AllocatedDuringAsync(() => content.CopyToAsync(sink));

        Assert.Equal(FileSize - 2048, sink.Written);
        Assert.Equal(FileSize - 2048, content.Headers.ContentLength);
        Assert.True(allocated < AllocationLimit, $"allocated {allocated} bytes to send {FileSize} bytes");
    }

    [Fact]
    public async Task Hashing_reads_the_file_through_a_small_buffer()
    {
        var hasher = new ChunkHasher(new ChunkLayout(FileSize, 8 * 1024 * 1024), LocalFileReader.Default);

        var allocated = await AllocatedDuringAsync(() => hasher.RunAsync(_source, CancellationToken.None));

        Assert.Equal(SourceFiles.Md5Of(_source), await hasher.FileMd5Async(CancellationToken.None));
        Assert.True(allocated < AllocationLimit, $"allocated {allocated} bytes to hash {FileSize} bytes");
    }

    public void Dispose() => _files.Dispose();

    private static async Task<long> AllocatedDuringAsync(Func<Task> action)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}
