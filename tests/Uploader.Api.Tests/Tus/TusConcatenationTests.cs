using System.Globalization;
using System.Security.Cryptography;

namespace Uploader.Api.Tests;

/// <summary>
/// The concatenation extension over HTTP, as the tus 1.0 specification words it: partial uploads sent in parallel,
/// a final upload made of them, and every refusal.
/// </summary>
public sealed class TusConcatenationTests
{
    private const int ChunkSize = 64 * 1024;

    private static UploaderFactory SmallChunks() => UploaderFactory.With(config => config["max_chunk_size"] = ChunkSize);

    [Fact]
    public async Task Partial_uploads_sent_in_parallel_make_a_final_upload_that_merges_to_their_bytes_in_order()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        // Ends off the chunk boundaries, so that the final upload's chunks are of several sizes.
        byte[][] pieces = [RandomNumberGenerator.GetBytes(100_000), RandomNumberGenerator.GetBytes(150_001), RandomNumberGenerator.GetBytes(70_000)];
        var partials = await Task.WhenAll(pieces.Select(async piece =>
        {
            var partial = await CreatePartialAsync(api, piece.Length);
            using var patch = await api.Http.PatchAsync(partial, 0, piece);
            Assert.Equal(204, (int)patch.StatusCode);
            return partial;
        }));

        foreach (var partial in partials)
        {
            using var head = await api.Http.HeadAsync(partial);
            Assert.Equal("partial", TusCalls.Header(head, "Upload-Concat"));
            var task = await api.StatusAsync(TusCalls.IdOf(partial)).ExpectOkAsync();
            Assert.Equal("uploading", task.Str("status"));
        }

        // One URL as tus-js-client sends it (absolute, resolved against the endpoint), the others as paths.
        var urls = $"/{partials[0]} http://localhost/{partials[1]} /{partials[2]}";
        using var response = await CreateFinalAsync(api, "final;" + urls, TusCalls.Metadata(("filename", "whole.bin")));

        Assert.True(201 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        var final = response.Headers.Location!.OriginalString.TrimStart('/');
        byte[] whole = [.. pieces.SelectMany(p => p)];
        var completed = await api.WaitForCompletedAsync(TusCalls.IdOf(final));
        Assert.Equal(Md5Hex.Of(whole), completed.Str("md5"));
        Assert.Equal("whole.bin", completed.Str("relative_path"));
        Assert.Equal(whole, await api.Http.GetByteArrayAsync(new Uri($"go-uploader/files/{TusCalls.IdOf(final)}", UriKind.Relative)));

        using var finalHead = await api.Http.HeadAsync(final);
        Assert.Equal("final;" + string.Join(' ', partials.Select(p => "/" + p)), TusCalls.Header(finalHead, "Upload-Concat"));
        Assert.Equal(Text(whole.Length), TusCalls.Header(finalHead, "Upload-Length"));
        Assert.Equal(Text(whole.Length), TusCalls.Header(finalHead, "Upload-Offset"));

        // The partial uploads went into the final one: they are no tasks of their own any more.
        foreach (var partial in partials)
        {
            Assert.Equal(404, (int)(await api.Http.HeadAsync(partial)).StatusCode);
        }

        var list = await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync();
        Assert.Equal([TusCalls.IdOf(final)], list.GetProperty("tasks").EnumerateArray().Select(t => t.Str("file_id")));
    }

    [Fact]
    public async Task A_partial_upload_whose_last_byte_arrived_is_not_merged_on_its_own()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var partial = await CreatePartialAsync(api, 200_000);

        (await api.Http.PatchAsync(partial, 0, RandomNumberGenerator.GetBytes(200_000))).Dispose();
        await Task.Delay(500);

        var task = await api.StatusAsync(TusCalls.IdOf(partial)).ExpectOkAsync();
        Assert.Equal("uploading", task.Str("status"));
        Assert.Equal(200_000, await api.Http.OffsetAsync(partial));
    }

    [Fact]
    public async Task A_patch_of_a_final_upload_is_403_final_upload_immutable()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var partial = await CreatePartialAsync(api, 10);
        (await api.Http.PatchAsync(partial, 0, new byte[10])).Dispose();
        using var created = await CreateFinalAsync(api, $"final;/{partial}", null);
        var final = created.Headers.Location!.OriginalString.TrimStart('/');

        await api.Http.PatchAsync(final, 10, new byte[1]).ExpectProblemAsync(403, "final_upload_immutable");
        await api.WaitForCompletedAsync(TusCalls.IdOf(final));
    }

    [Fact]
    public async Task A_final_upload_of_an_unfinished_or_plain_upload_is_400_invalid_concatenation_and_keeps_it()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var unfinished = await CreatePartialAsync(api, 100_000);
        (await api.Http.PatchAsync(unfinished, 0, new byte[40_000])).Dispose();
        var plain = await api.Http.CreateAsync(10);
        (await api.Http.PatchAsync(plain, 0, new byte[10])).Dispose();
        var finished = await CreatePartialAsync(api, 10);
        (await api.Http.PatchAsync(finished, 0, new byte[10])).Dispose();

        await CreateFinalAsync(api, $"final;/{finished} /{unfinished}", null).ExpectProblemAsync(400, "invalid_concatenation");
        await CreateFinalAsync(api, $"final;/{finished} /{plain}", null).ExpectProblemAsync(400, "invalid_concatenation");

        Assert.Equal(40_000, await api.Http.OffsetAsync(unfinished));
        Assert.Equal(10, await api.Http.OffsetAsync(finished));
        var list = await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync();
        Assert.Equal(3, list.Number("total"));
    }

    [Fact]
    public async Task A_final_upload_of_an_unknown_upload_is_404_and_creates_nothing()
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        var finished = await CreatePartialAsync(api, 10);
        (await api.Http.PatchAsync(finished, 0, new byte[10])).Dispose();

        await CreateFinalAsync(api, $"final;/{finished} /go-uploader/tus/tus-00000000000000000000000000000000", null)
            .ExpectProblemAsync(404, "task_not_found");

        var list = await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync();
        Assert.Equal([TusCalls.IdOf(finished)], list.GetProperty("tasks").EnumerateArray().Select(t => t.Str("file_id")));
    }

    [Theory]
    [InlineData("whole", null, "Upload-Concat")]
    [InlineData("final;", null, "Upload-Concat")]
    [InlineData("final;/go-uploader/tasks/abc", null, "Upload-Concat")]
    [InlineData("final;http://localhost/go-uploader/tus/a/b", null, "Upload-Concat")]
    [InlineData("final;/go-uploader/tus/abc", "10", "Upload-Length")]
    public async Task A_malformed_upload_concat_or_a_final_upload_with_a_length_is_400(string concat, string? length, string field)
    {
        await using var factory = SmallChunks();
        using var api = factory.CreateApi();
        using var request = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        request.Headers.Add("Upload-Concat", concat);
        if (length is not null)
        {
            request.Headers.Add("Upload-Length", length);
        }

        await api.Http.SendAsync(request).ExpectInvalidFieldAsync(field);
        Assert.Equal(0, (await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectOkAsync()).Number("total"));
    }

    private static async Task<string> CreatePartialAsync(UploaderApi api, long length)
    {
        using var request = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        request.Headers.Add("Upload-Concat", "partial");
        request.Headers.Add("Upload-Length", Text(length));
        using var response = await api.Http.SendAsync(request);
        Assert.True(201 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString.TrimStart('/');
    }

    private static async Task<HttpResponseMessage> CreateFinalAsync(UploaderApi api, string concat, string? metadata)
    {
        using var request = TusCalls.Request(HttpMethod.Post, TusCalls.Endpoint);
        request.Headers.Add("Upload-Concat", concat);
        if (metadata is not null)
        {
            request.Headers.Add("Upload-Metadata", metadata);
        }

        return await api.Http.SendAsync(request);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
