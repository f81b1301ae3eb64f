using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>merge_chunks in its background form: async=true or Prefer: respond-async → 202, then upload_status.</summary>
public sealed class BackgroundMergeTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 4096;
    private const int Block = 1024 * 1024;

    [Fact]
    public async Task Async_merge_answers_202_with_a_Location_to_the_status_which_ends_completed()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((3 * ChunkSize) + 5, ChunkSize);
        await api.UploadAllAsync(file);

        using var response = await MergeFormAsync(api, file.FileId, "merge_chunks?async=true");

        var accepted = await ExpectAcceptedAsync(response, file.FileId);
        Assert.False(response.Headers.Contains("Preference-Applied"));
        var status = await StatusUntilAsync(api, accepted, s => s.Str("status") != "merging");
        Assert.Equal("completed", status.Str("status"));
        Assert.Equal(file.Md5, status.Str("md5"));
        Assert.Equal(file.Name, status.Str("file_path"));
        Assert.False(status.Has("merged_bytes"));
        Assert.Equal(file.Bytes.ToArray(), await factory.Stored.ReadMergedAsync(file.Name));
    }

    [Fact]
    public async Task Prefer_respond_async_answers_202_and_says_the_preference_was_applied()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        using var request = new HttpRequestMessage(HttpMethod.Post, "go-uploader/merge_chunks")
        {
            Content = JsonContent.Create(new Dictionary<string, object> { ["file_id"] = file.FileId }),
        };
        request.Headers.Add("Prefer", "wait=5, respond-async");

        using var response = await api.Http.SendAsync(request);

        var accepted = await ExpectAcceptedAsync(response, file.FileId);
        Assert.Equal(["respond-async"], response.Headers.GetValues("Preference-Applied"));
        Assert.Equal("completed", (await StatusUntilAsync(api, accepted, s => s.Str("status") != "merging")).Str("status"));
    }

    [Fact]
    public async Task Async_as_a_json_body_field_answers_202()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);

        using var response = await api.MergeJsonAsync(new Dictionary<string, object> { ["file_id"] = file.FileId, ["async"] = true });

        var accepted = await ExpectAcceptedAsync(response, file.FileId);
        Assert.Equal(file.Md5, (await StatusUntilAsync(api, accepted, s => s.Str("status") != "merging")).Str("md5"));
    }

    [Fact]
    public async Task Async_merge_of_a_task_with_missing_chunks_is_refused_at_once_and_nothing_runs()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(3 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(file, [0, 2]);

        var problem = await MergeFormAsync(api, file.FileId, "merge_chunks?async=true").ExpectProblemAsync(400, "chunks_missing");

        Assert.Equal([1], problem.Ints("missing_chunks"));
        var status = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", status.Str("status"));
    }

    [Fact]
    public async Task An_async_value_that_is_no_boolean_is_a_validation_failure()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);

        await MergeFormAsync(api, file.FileId, "merge_chunks?async=soon").ExpectInvalidFieldAsync("async");

        Assert.Equal("uploading", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
    }

    [Fact]
    public async Task Async_merge_of_a_completed_task_answers_the_normal_200()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        await api.MergeOkAsync(file);

        var again = await MergeFormAsync(api, file.FileId, "merge_chunks?async=true").ExpectOkAsync();

        Assert.Equal("ok", again.Str("status"));
        Assert.Equal(file.Md5, again.Str("md5"));
        Assert.Equal(0, again.Number("merge_time_ms"));
    }

    [Fact]
    public async Task While_merging_the_status_shows_merged_bytes_a_repeat_gets_202_and_a_waiting_merge_409()
    {
        var gate = new MergeGate();
        using var server = new FakeClockServer(services: gate.InstallIn);
        var api = server.Api;
        var file = SourceFile.Random(3 * Block, Block);
        await api.UploadAllAsync(file);

        using (var first = await MergeFormAsync(api, file.FileId, "merge_chunks?async=true"))
        {
            await ExpectAcceptedAsync(first, file.FileId);
        }

        var written = await gate.Held.WaitAsync(TimeSpan.FromMinutes(1));
        var merging = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("merging", merging.Str("status"));
        Assert.Equal(0, merging.Number("merged_bytes"));

        using (var repeat = await MergeFormAsync(api, file.FileId, "merge_chunks?async=true"))
        {
            await ExpectAcceptedAsync(repeat, file.FileId);
        }

        await api.MergeAsync(file.FileId).ExpectProblemAsync(409, "merge_in_progress");

        // Past the recorder's interval: the bytes the gate let through go on the task row.
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        gate.Open();
        var progressed = await StatusUntilAsync(api, file.FileId, s => s.Number("merged_bytes") > 0);
        Assert.Equal("merging", progressed.Str("status"));
        Assert.Equal(written, progressed.Number("merged_bytes"));
        var detail = await api.Http.GetAsync($"go-uploader/tasks/{file.FileId}").ExpectOkAsync();
        Assert.Equal(written, detail.Number("merged_bytes"));

        gate.Finish();
        var done = await StatusUntilAsync(api, file.FileId, s => s.Str("status") != "merging");
        Assert.Equal("completed", done.Str("status"));
        Assert.Equal(file.Md5, done.Str("md5"));
        Assert.Equal(file.Md5, (await MergeFormAsync(api, file.FileId, "merge_chunks?async=true").ExpectOkAsync()).Str("md5"));
    }

    private static async Task<HttpResponseMessage> MergeFormAsync(UploaderApi api, string fileId, string path)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["file_id"] = fileId });
        return await api.Http.PostAsync($"go-uploader/{path}", content);
    }

    /// <summary>Asserts the 202 answer and returns the file id its Location names.</summary>
    private static async Task<string> ExpectAcceptedAsync(HttpResponseMessage response, string fileId)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        Assert.Equal($"/go-uploader/upload_status?file_id={Uri.EscapeDataString(fileId)}", response.Headers.Location?.OriginalString);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("merging", json.RootElement.Str("status"));
        Assert.Equal(fileId, json.RootElement.Str("file_id"));
        return fileId;
    }

    /// <summary>Reads upload_status until <paramref name="done"/> holds; gives up (and fails) after a minute of tries.</summary>
    private static async Task<JsonElement> StatusUntilAsync(UploaderApi api, string fileId, Func<JsonElement, bool> done)
    {
        JsonElement status = default;
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            status = await api.StatusAsync(fileId).ExpectOkAsync();
            if (done(status))
            {
                return status;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"upload_status never reached the awaited state; last: {status}");
        return status;
    }
}
