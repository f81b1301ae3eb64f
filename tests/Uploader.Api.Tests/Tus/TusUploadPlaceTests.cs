using Microsoft.AspNetCore.Mvc.Testing;

namespace Uploader.Api.Tests;

/// <summary>
/// A tus PATCH writes its chunks in the upload places of concurrent_uploads, as upload_chunk does, one place per
/// chunk while it is received; it waits for a place as long as its client stays, past upload_queue_timeout, since
/// tus clients do not send a PATCH again after a 429.
/// </summary>
public sealed class TusUploadPlaceTests
{
    private const int ChunkSize = 64 * 1024;
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private static (UploaderFactory Server, StagingSignal Staging) OnePlace()
    {
        var staging = new StagingSignal();
        var server = UploaderFactory.With(config =>
        {
            config["concurrent_uploads"] = 1;
            config["upload_queue_timeout"] = 1;
            config["max_chunk_size"] = ChunkSize;
        }).OverrideServices(staging.InstallIn);
        return (server, staging);
    }

    /// <summary>Without the redirect handler, which buffers a request body whole before sending it.</summary>
    private static UploaderApi Streaming(UploaderFactory server)
    {
        var client = server.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Secret-Key", UploaderFactory.SecretKey);
        return new UploaderApi(client);
    }

    private static Task<HttpResponseMessage> HeldPatchAsync(UploaderApi api, string upload, HeldContent body)
    {
        var request = TusCalls.Request(HttpMethod.Patch, upload);
        request.Headers.Add("Upload-Offset", "0");
        request.Content = body;
        return api.Http.SendAsync(request);
    }

    private static HeldContent Bytes(int length)
    {
        var content = new ByteArrayContent(SourceFile.Random(length, length).Bytes.ToArray());
        content.Headers.ContentType = new(TusCalls.OffsetStream);
        return HeldContent.Wrapping(content);
    }

    [Fact]
    public async Task A_patch_holds_an_upload_place_while_it_receives_a_chunk()
    {
        var (server, staging) = OnePlace();
        await using var _ = server;
        using var api = Streaming(server);
        var upload = await api.Http.CreateAsync(ChunkSize);
        using var body = Bytes(ChunkSize);
        var patch = HeldPatchAsync(api, upload, body);
        await staging.FirstStarted.WaitAsync(HangGuard);

        await api.UploadAsync(SourceFile.Random(1000, 1000).Request(0)).WaitAsync(HangGuard).ExpectProblemAsync(429, "too_many_requests");

        body.Release();
        using var patched = await patch.WaitAsync(HangGuard);
        Assert.Equal(204, (int)patched.StatusCode);
        Assert.Equal(ChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture), TusCalls.Header(patched, "Upload-Offset"));
        await api.UploadAsync(SourceFile.Random(1000, 1000).Request(0)).WaitAsync(HangGuard).ExpectOkAsync();
    }

    [Fact]
    public async Task A_patch_waits_for_its_place_past_the_queue_timeout_instead_of_being_refused()
    {
        var (server, staging) = OnePlace();
        await using var _ = server;
        using var api = Streaming(server);
        var upload = await api.Http.CreateAsync(ChunkSize);
        var chunk = SourceFile.Random(1000, 1000);
        using var heldChunk = HeldContent.Wrapping(chunk.Request(0).ToContent());
        var held = api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), heldChunk);
        await staging.FirstStarted.WaitAsync(HangGuard);

        var patch = api.Http.PatchAsync(upload, 0, SourceFile.Random(ChunkSize, ChunkSize).Bytes.ToArray());
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(patch.IsCompleted, "the PATCH ended while the only place was held, 1.5 s past upload_queue_timeout");
        Assert.Equal(0, await api.Http.OffsetAsync(upload));

        heldChunk.Release();
        await held.WaitAsync(HangGuard).ExpectOkAsync();
        using var patched = await patch.WaitAsync(HangGuard);
        Assert.Equal(204, (int)patched.StatusCode);
        Assert.Equal(ChunkSize, await api.Http.OffsetAsync(upload));
    }

    [Fact]
    public async Task A_patch_answers_after_its_last_byte_without_waiting_for_another_place()
    {
        var (server, staging) = OnePlace();
        await using var _ = server;
        using var api = Streaming(server);
        var upload = await api.Http.CreateAsync(2 * ChunkSize);
        using var body = Bytes(ChunkSize);
        body.Headers.ContentLength = ChunkSize;
        var patch = HeldPatchAsync(api, upload, body);
        await staging.FirstStarted.WaitAsync(HangGuard);
        using var heldChunk = HeldContent.Wrapping(SourceFile.Random(1000, 1000).Request(0).ToContent());
        var held = api.Http.PostAsync(new Uri("go-uploader/upload_chunk", UriKind.Relative), heldChunk);

        // The chunk's place goes to the waiting upload_chunk, which keeps it; the PATCH has nothing left to receive.
        body.Release();
        using var patched = await patch.WaitAsync(HangGuard);
        Assert.Equal(204, (int)patched.StatusCode);
        Assert.Equal(ChunkSize, await api.Http.OffsetAsync(upload));
        Assert.False(held.IsCompleted, "the upload_chunk finished before it was let go");

        heldChunk.Release();
        await held.WaitAsync(HangGuard).ExpectOkAsync();
    }
}
