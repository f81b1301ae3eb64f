using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>A merge that finds stored chunks damaged names them (422 corrupt_chunks); the client sends those again.</summary>
public sealed class CorruptChunkTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly KestrelUploaderServer _server;
    private readonly TempFolder _files = new();

    public CorruptChunkTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
    }

    [Fact]
    public async Task Chunks_the_merge_reports_corrupt_are_sent_again_and_the_file_is_intact()
    {
        var source = SourceFiles.Write(_files.Combine("damaged.bin"), (3 * ChunkSize) + 5, seed: 20);
        var damaged = new List<string>();
        var earlierTasks = Directory.GetDirectories(_server.UploadDir);
        _server.Faults.Enqueue("merge_chunks", Fault.Before(() =>
        {
            // Damage the stored bytes of chunk 1 behind the server's back, as a failing disk would.
            foreach (var taskDir in Directory.GetDirectories(_server.UploadDir).Except(earlierTasks))
            {
                foreach (var chunk in Directory.GetFiles(taskDir, "000001.*.chunk"))
                {
                    Damage(chunk);
                    damaged.Add(chunk);
                }
            }

            return Task.CompletedTask;
        }));

        var result = await _server.NewClient().UploadFileAsync(source, new UploadOptions { ChunkSize = ChunkSize, RelativePath = "damaged/file.bin" });

        Assert.Single(damaged);
        Assert.Equal(4 + 1, result.ChunksSent);
        Assert.Equal(5, _server.Faults.Attempts("upload_chunk"));
        Assert.Equal(2, _server.Faults.Attempts("merge_chunks"));
        SourceFiles.AssertSameBytes(source, _server.MergedFile(result.FilePath));
    }

    [Fact]
    public async Task Chunks_that_stay_corrupt_end_in_the_servers_error()
    {
        var source = SourceFiles.Write(_files.Combine("rotten.bin"), (2 * ChunkSize) + 5, seed: 21);
        _server.Faults.Enqueue("merge_chunks", Fault.Before(() => DamageAsync(_server.UploadDir)), times: 10);

        var error = await Assert.ThrowsAsync<UploaderApiException>(
            () => _server.NewClient().UploadFileAsync(source, new UploadOptions { ChunkSize = ChunkSize, RelativePath = "damaged/rotten.bin" }));

        Assert.Equal((422, "corrupt_chunks"), (error.StatusCode, error.Code));
        Assert.NotEmpty(error.CorruptChunks);
        Assert.Equal(4, _server.Faults.Attempts("merge_chunks"));
    }

    private static Task DamageAsync(string uploadDir)
    {
        foreach (var chunk in Directory.GetFiles(uploadDir, "*.chunk", SearchOption.AllDirectories))
        {
            Damage(chunk);
        }

        return Task.CompletedTask;
    }

    /// <summary>Inverts the first bytes, so the stored chunk no longer matches its recorded md5 whatever it held.</summary>
    private static void Damage(string chunk)
    {
        using var file = new FileStream(chunk, FileMode.Open, FileAccess.ReadWrite);
        var head = new byte[2];
        file.ReadExactly(head);
        file.Position = 0;
        file.Write([(byte)~head[0], (byte)~head[1]]);
    }

    public void Dispose() => _files.Dispose();
}
