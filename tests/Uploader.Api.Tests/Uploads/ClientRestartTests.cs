namespace Uploader.Api.Tests;

/// <summary>
/// Issue 4, scenario 3: a client that restarts knows nothing but the file and its file_id. It learns the stored
/// chunks from upload_status and sends only the missing ones.
/// </summary>
public sealed class ClientRestartTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 4096;

    [Fact]
    public async Task A_new_client_completes_the_upload_sending_only_the_missing_chunks()
    {
        var file = SourceFile.Random((20 * ChunkSize) + 77, ChunkSize);
        var sentBefore = new[] { 0, 3, 4, 5, 9, 12, 13, 19, 20 };
        using (var first = factory.CreateApi())
        {
            await first.UploadChunksAsync(file, sentBefore);
        }

        var counter = new RequestCounter();
        using var restarted = new UploaderApi(factory.CreateDefaultClient(counter));
        restarted.Http.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        var before = await restarted.ScrapeAsync();

        // What a restarted client does: ask, then send the difference.
        var status = await restarted.StatusAsync(file.FileId).ExpectOkAsync();
        var stored = status.Ints("uploaded_chunks");
        var total = (int)status.Number("total_chunks");
        var missing = Enumerable.Range(0, total).Except(stored).ToArray();
        await restarted.UploadChunksAsync(file, missing);

        Assert.Equal(sentBefore, stored);
        Assert.Equal(file.TotalChunks, total);
        Assert.Equal(file.Indexes.Except(sentBefore), missing);
        Assert.Equal(missing.Length, counter.UploadChunkRequests);
        var after = await restarted.ScrapeAsync();
        Assert.Equal(
            missing.Length,
            after.Value("uploader_chunks_received_total") - before.Value("uploader_chunks_received_total"));
        await restarted.ExpectStoredAsync(file.FileId, [.. file.Indexes]);

        var merged = await restarted.MergeOkAsync(file);
        Assert.Equal(file.Md5, merged.Str("md5"));
        Assert.Equal(file.Md5, await factory.Stored.Md5OfMergedAsync(merged.Str("file_path")!));
    }

    [Fact]
    public async Task A_new_client_of_a_task_that_got_every_chunk_sends_nothing_and_merges()
    {
        var file = SourceFile.Random(4 * ChunkSize, ChunkSize);
        using (var first = factory.CreateApi())
        {
            await first.UploadAllAsync(file);
        }

        var counter = new RequestCounter();
        using var restarted = new UploaderApi(factory.CreateDefaultClient(counter));
        restarted.Http.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        var stored = await restarted.StoredChunksAsync(file.FileId);
        await restarted.UploadChunksAsync(file, file.Indexes.Except(stored));

        Assert.Equal(0, counter.UploadChunkRequests);
        Assert.Equal(file.Md5, (await restarted.MergeOkAsync(file)).Str("md5"));
    }

    /// <summary>Counts the upload_chunk requests a client sends.</summary>
    private sealed class RequestCounter : DelegatingHandler
    {
        private int _uploads;

        public int UploadChunkRequests => Volatile.Read(ref _uploads);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/upload_chunk", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _uploads);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
