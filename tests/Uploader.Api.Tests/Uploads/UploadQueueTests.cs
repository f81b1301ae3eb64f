using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Uploader.Api.Tests;

/// <summary>
/// concurrent_uploads = 1: one upload_chunk runs, four (4 × concurrent_uploads) wait, the next is refused with
/// 429 and Retry-After. The running one is a slow client still sending its body.
/// </summary>
public sealed class UploadQueueTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Full_queue_answers_429_with_retry_after_and_the_waiting_chunks_complete()
    {
        var staging = new StagingSignal();
        await using var server = UploaderFactory.With(config => config["concurrent_uploads"] = 1).OverrideServices(staging.InstallIn);
        // Without the redirect handler, which buffers a request body whole before sending it.
        var client = server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        using var api = new UploaderApi(client);
        var slow = SourceFile.Random(1000, 1000);
        var waiting = Enumerable.Range(0, 5).Select(_ => SourceFile.Random(1000, 1000)).ToArray();
        var before = await api.ScrapeAsync();

        using var heldBody = HeldContent.Wrapping(slow.Request(0).ToContent());
        var held = api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), heldBody);
        await staging.FirstStarted.WaitAsync(HangGuard);

        // Five more while the one permit is taken: four fit in the queue, whichever comes last is refused.
        var queued = waiting.Select(file => api.UploadAsync(file.Request(0))).ToList();
        var first = await Task.WhenAny(queued).WaitAsync(HangGuard);
        var refused = await first;
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        await first.ExpectProblemAsync(429, "too_many_requests");

        var stillWaiting = queued.Where(q => q != first).ToList();
        Assert.All(stillWaiting, q => Assert.False(q.IsCompleted, "a queued chunk finished while the only permit was held"));

        heldBody.Release();
        await held.WaitAsync(HangGuard).ExpectOkAsync();
        foreach (var request in stillWaiting)
        {
            await request.WaitAsync(HangGuard).ExpectOkAsync();
        }

        var after = await api.ScrapeAsync();
        Assert.Equal(5, after.Value("uploader_chunks_received_total") - before.Value("uploader_chunks_received_total"));
        Assert.Equal(1, after.Value("uploader_chunk_failures_total", ("code", "too_many_requests")));
    }

    [Fact]
    public async Task A_content_length_over_the_body_limit_is_refused_without_waiting_for_an_upload_place()
    {
        var staging = new StagingSignal();
        await using var server = UploaderFactory.With(config => config["concurrent_uploads"] = 1).OverrideServices(staging.InstallIn);
        var client = server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        using var api = new UploaderApi(client);
        var slow = SourceFile.Random(1000, 1000);
        using var heldBody = HeldContent.Wrapping(slow.Request(0).ToContent());
        var held = api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), heldBody);
        await staging.FirstStarted.WaitAsync(HangGuard);

        // The tests' max_chunk_size is 1 MiB, so the body limit is 2 MiB; the claim alone is over it.
        using var claimed = new ClaimedLengthContent((2 * 1024 * 1024) + 1);
        var refused = api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), claimed);

        await refused.WaitAsync(HangGuard).ExpectProblemAsync(413, "chunk_too_large");
        Assert.False(held.IsCompleted, "the held upload finished before the refusal");
        heldBody.Release();
        await held.WaitAsync(HangGuard).ExpectOkAsync();
        Assert.Equal(1, (await api.ScrapeAsync()).Value("uploader_chunk_failures_total", ("code", "chunk_too_large")));
    }

    /// <summary>A multipart body that claims <paramref name="length"/> bytes in its Content-Length and sends none.</summary>
    private sealed class ClaimedLengthContent : HttpContent
    {
        private readonly long _length;

        public ClaimedLengthContent(long length)
        {
            _length = length;
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => Task.CompletedTask;

        protected override bool TryComputeLength(out long claimed)
        {
            claimed = _length;
            return true;
        }
    }
}
