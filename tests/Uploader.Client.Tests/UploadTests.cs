using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>Whole uploads: parallel chunks, md5s, progress, the stable file id, resuming after a cancel.</summary>
public sealed class UploadTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private const string UploadChunk = "upload_chunk";
    private const int ChunkSize = 64 * 1024;

    private readonly KestrelUploaderServer _server;
    private readonly TempFolder _files = new();

    public UploadTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
    }

    [Fact]
    public async Task A_file_goes_up_in_parallel_chunks_and_is_merged_byte_for_byte()
    {
        var source = SourceFiles.Write(_files.Combine("big.bin"), (16 * ChunkSize) + 4321, seed: 10);
        var progress = new SynchronousProgress<UploadProgress>();

        var result = await _server.NewClient().UploadFileAsync(
            source, new UploadOptions { ChunkSize = ChunkSize, Parallelism = 4, RelativePath = "uploads/big.bin" }, progress);

        Assert.Equal(17, result.ChunksSent);
        Assert.Equal(0, result.ChunksSkipped);
        Assert.Equal(17, _server.Faults.Attempts(UploadChunk));
        Assert.Equal((1, 1), (_server.Faults.Attempts("limits"), _server.Faults.Attempts("upload_status")));
        Assert.Equal("uploads/big.bin", result.FilePath);
        Assert.Equal(new FileInfo(source).Length, result.Size);
        Assert.Equal(SourceFiles.Md5Of(source), result.Md5);
        SourceFiles.AssertSameBytes(source, _server.MergedFile(result.FilePath));

        var last = progress.Reports[^1];
        Assert.Equal(UploadPhase.Completed, last.Phase);
        Assert.Equal((17, 17, result.Size, result.Size), (last.ChunksDone, last.TotalChunks, last.BytesSent, last.TotalBytes));
        Assert.True(last.BytesPerSecond > 0);
        Assert.Equal(17, progress.Reports.Count(r => r.Phase == UploadPhase.Uploading && r.ChunksDone > 0));
        Assert.Equal(result.FileId, last.FileId);
    }

    [Fact]
    public async Task An_empty_file_is_one_empty_chunk()
    {
        var source = _files.Combine("empty.txt");
        await File.WriteAllBytesAsync(source, []);

        var result = await _server.NewClient().UploadFileAsync(source, new UploadOptions { RelativePath = "uploads/empty.txt" });

        Assert.Equal((1, 0L), (result.ChunksSent, result.Size));
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", result.Md5);
        SourceFiles.AssertSameBytes(source, _server.MergedFile(result.FilePath));
    }

    [Fact]
    public async Task Without_a_relative_path_the_file_keeps_its_name()
    {
        var source = SourceFiles.Write(_files.Combine("named", $"report-{Guid.NewGuid():N}.dat"), 5000, seed: 11);

        var result = await _server.NewClient().UploadFileAsync(source);

        Assert.Equal(Path.GetFileName(source), result.FilePath);
        SourceFiles.AssertSameBytes(source, _server.MergedFile(result.FilePath));
    }

    [Fact]
    public async Task The_same_file_gets_the_same_id_and_a_second_upload_sends_nothing()
    {
        var source = SourceFiles.Write(_files.Combine("again.bin"), (3 * ChunkSize) + 1, seed: 12);
        var options = new UploadOptions { ChunkSize = ChunkSize, RelativePath = "uploads/again.bin" };
        var first = await _server.NewClient().UploadFileAsync(source, options);
        _server.Faults.Clear();

        var second = await _server.NewClient().UploadFileAsync(source, options);

        Assert.Equal(first.FileId, second.FileId);
        Assert.Equal((0, 4), (second.ChunksSent, second.ChunksSkipped));
        Assert.Equal(0, _server.Faults.Attempts(UploadChunk));
        Assert.Equal(first.FilePath, second.FilePath);
        Assert.Equal(first.Md5, second.Md5);
    }

    [Fact]
    public async Task A_completed_task_whose_merged_file_was_replaced_goes_up_again_as_a_new_task_beside_the_other_file()
    {
        var source = SourceFiles.Write(_files.Combine("replaced.bin"), (2 * ChunkSize) + 5, seed: 17);
        var options = new UploadOptions { ChunkSize = ChunkSize, RelativePath = "uploads/replaced.bin" };
        var first = await _server.NewClient().UploadFileAsync(source, options);
        await File.WriteAllTextAsync(_server.MergedFile(first.FilePath), "someone else's file");
        _server.Faults.Clear();

        var again = await _server.NewClient().UploadFileAsync(source, options);

        Assert.NotEqual(first.FileId, again.FileId);
        Assert.Equal((first.FileId, "replaced"), (again.ReuploadOf, again.ReuploadReason));
        Assert.Equal((3, 0), (again.ChunksSent, again.ChunksSkipped));
        Assert.Equal("uploads/replaced (1).bin", again.FilePath);
        SourceFiles.AssertSameBytes(source, _server.MergedFile(again.FilePath));
        Assert.Equal("someone else's file", await File.ReadAllTextAsync(_server.MergedFile(first.FilePath)));
    }

    [Fact]
    public async Task A_changed_chunk_size_is_a_new_task()
    {
        var source = SourceFiles.Write(_files.Combine("resized.bin"), (3 * ChunkSize) + 1, seed: 13);
        var client = _server.NewClient();
        var first = await client.UploadFileAsync(source, new UploadOptions { ChunkSize = ChunkSize, RelativePath = "uploads/resized.bin" });

        var second = await client.UploadFileAsync(source, new UploadOptions { ChunkSize = 2 * ChunkSize, RelativePath = "uploads/resized.bin" });

        Assert.NotEqual(first.FileId, second.FileId);
        Assert.Equal(2, second.ChunksSent);
        Assert.Equal("uploads/resized (1).bin", second.FilePath);
    }

    [Fact]
    public async Task A_cancelled_upload_resumes_in_a_new_client_with_only_the_missing_chunks()
    {
        var source = SourceFiles.Write(_files.Combine("resume.bin"), (20 * ChunkSize) + 99, seed: 14);
        var options = new UploadOptions { ChunkSize = ChunkSize, Parallelism = 2, RelativePath = "uploads/resume.bin" };
        using var cancel = new CancellationTokenSource();
        string? fileId = null;
        var progress = new SynchronousProgress<UploadProgress>(p =>
        {
            fileId = p.FileId;
            if (p.ChunksDone >= 5)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _server.NewClient().UploadFileAsync(source, options, progress, cancel.Token));

        var stored = await _server.NewClient().GetUploadStatusAsync(fileId!);
        Assert.Equal("uploading", stored.Status);
        Assert.InRange(stored.UploadedChunks.Count, 5, 20);
        _server.Faults.Clear();

        var resumed = await _server.NewClient().UploadFileAsync(source, options);

        Assert.Equal(fileId, resumed.FileId);
        Assert.InRange(resumed.ChunksSkipped, stored.UploadedChunks.Count, 20);
        Assert.Equal(21, resumed.ChunksSent + resumed.ChunksSkipped);
        Assert.Equal(resumed.ChunksSent, _server.Faults.Attempts(UploadChunk));
        SourceFiles.AssertSameBytes(source, _server.MergedFile(resumed.FilePath));
    }

    [Fact]
    public async Task A_given_file_id_names_the_task()
    {
        var source = SourceFiles.Write(_files.Combine("named-id.bin"), 7000, seed: 15);
        var fileId = $"client-test/{Guid.NewGuid():N}";

        var result = await _server.NewClient().UploadFileAsync(source, new UploadOptions { FileId = fileId, RelativePath = "uploads/named-id.bin" });

        Assert.Equal(fileId, result.FileId);
        var task = await _server.NewClient().GetTaskAsync(fileId);
        Assert.Equal(("completed", result.Md5), (task.Status, task.Md5));
    }

    [Fact]
    public async Task A_refused_chunk_is_not_retried_and_the_upload_fails_with_its_code()
    {
        var source = SourceFiles.Write(_files.Combine("unsafe.bin"), 100, seed: 16);

        var error = await Assert.ThrowsAsync<UploaderApiException>(
            () => _server.NewClient().UploadFileAsync(source, new UploadOptions { RelativePath = "../outside.bin" }));

        Assert.Equal((400, "invalid_path"), (error.StatusCode, error.Code));
        Assert.Equal(1, _server.Faults.Attempts(UploadChunk));
    }

    public void Dispose() => _files.Dispose();
}
