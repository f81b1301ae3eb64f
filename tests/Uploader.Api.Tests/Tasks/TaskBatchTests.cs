using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>POST /go-uploader/tasks/batch.</summary>
public sealed class TaskBatchTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 1024;

    [Fact]
    public async Task A_batch_pause_answers_per_task_and_the_paused_tasks_refuse_uploads_and_merges()
    {
        using var api = factory.CreateApi();
        var a = SourceFile.Random(2 * ChunkSize, ChunkSize);
        var b = SourceFile.Random(2 * ChunkSize, ChunkSize);
        var done = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadChunksAsync(a, [0]);
        await api.UploadChunksAsync(b, [0, 1]);
        await api.UploadAllAsync(done);
        await api.MergeOkAsync(done);

        var batch = await api.BatchAsync(new { action = "pause", file_ids = new[] { a.FileId, "no-such-task", b.FileId, done.FileId } })
            .ExpectOkAsync();

        Assert.Equal(["results"], batch.FieldNames());
        var results = batch.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([a.FileId, "no-such-task", b.FileId, done.FileId], results.Select(r => r.Str("file_id")));
        Assert.Equal([true, false, true, false], results.Select(r => r.GetProperty("ok").GetBoolean()));
        Assert.Equal([null, "task_not_found", null, "task_completed"], results.Select(r => r.Str("code")));
        Assert.Equal(["code", "file_id", "ok"], results[0].FieldNames());
        await api.UploadAsync(a.Request(1)).ExpectProblemAsync(409, "task_paused");
        await api.MergeAsync(b.FileId).ExpectProblemAsync(409, "task_paused");

        await api.BatchAsync(new { action = "resume", file_ids = new[] { a.FileId, b.FileId } }).ExpectOkAsync();
        await api.UploadChunksAsync(a, [1]);
        await api.MergeOkAsync(a);
        await api.MergeOkAsync(b);
    }

    [Fact]
    public async Task A_file_id_named_twice_gets_one_result()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);

        var batch = await api.BatchAsync(new { action = "pause", file_ids = new[] { file.FileId, file.FileId } }).ExpectOkAsync();

        Assert.Single(batch.GetProperty("results").EnumerateArray());
        Assert.Equal("paused", await api.TaskStatusAsync(file.FileId));
    }

    [Fact]
    public async Task A_batch_delete_removes_tasks_refuses_a_merging_one_and_deletes_merged_files_when_asked()
    {
        using var api = factory.CreateApi();
        var partial = SourceFile.Random(2 * ChunkSize, ChunkSize);
        var done = SourceFile.Random(ChunkSize, ChunkSize);
        var merging = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadChunksAsync(partial, [0]);
        await api.UploadAllAsync(done);
        var mergedPath = factory.Stored.Merged((await api.MergeOkAsync(done)).Str("file_path")!);
        await api.UploadAllAsync(merging);
        await factory.ChangeTaskAsync(merging.FileId, t => t.BeginMerge(DateTime.UtcNow));

        var batch = await api.BatchAsync(new
        {
            action = "delete",
            file_ids = new[] { partial.FileId, done.FileId, merging.FileId },
            delete_file = true,
        }).ExpectOkAsync();

        Assert.Equal([null, null, "merge_in_progress"], Codes(batch));
        Assert.Null(await api.TaskStatusAsync(partial.FileId));
        Assert.Null(await api.TaskStatusAsync(done.FileId));
        Assert.False(await factory.Stored.ExistsAsync(mergedPath));
        Assert.Equal("merging", await api.TaskStatusAsync(merging.FileId));
    }

    [Fact]
    public async Task A_status_selects_the_tasks_in_that_status()
    {
        using var server = new FakeClockServer();
        var failed = Enumerable.Range(0, 3).Select(_ => SourceFile.Random(ChunkSize, ChunkSize)).ToList();
        var uploading = SourceFile.Random(ChunkSize, ChunkSize);
        foreach (var file in failed)
        {
            await server.Api.UploadAllAsync(file);
            await server.Factory.ChangeTaskAsync(file.FileId, t =>
            {
                t.BeginMerge(DateTime.UtcNow);
                t.FailMerge("disk unplugged", DateTime.UtcNow);
            });
            server.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        await server.Api.UploadAllAsync(uploading);

        var batch = await server.Api.BatchAsync(new { action = "resume", status = "failed" }).ExpectOkAsync();

        Assert.Equal(failed.Select(f => f.FileId), batch.GetProperty("results").EnumerateArray().Select(r => r.Str("file_id")));
        Assert.All(Codes(batch), code => Assert.Null(code));
        foreach (var file in failed)
        {
            Assert.Equal("uploading", await server.Api.TaskStatusAsync(file.FileId));
        }

        var again = await server.Api.BatchAsync(new { action = "delete", status = "failed" }).ExpectOkAsync();
        Assert.Empty(again.GetProperty("results").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"action":"pause"}""", "file_ids")]
    [InlineData("""{"action":"pause","file_ids":["a"],"status":"failed"}""", "file_ids")]
    [InlineData("""{"action":"pause","file_ids":[]}""", "file_ids")]
    [InlineData("""{"action":"pause","file_ids":["ok","bad\u0007"]}""", "file_ids[1]")]
    [InlineData("""{"action":"stop","file_ids":["a"]}""", "action")]
    [InlineData("""{"file_ids":["a"]}""", "action")]
    [InlineData("""{"action":"pause","status":"gone"}""", "status")]
    [InlineData("""{"action":"resume","file_ids":["a"],"delete_file":true}""", "delete_file")]
    public async Task A_malformed_batch_is_refused_naming_the_field(string body, string field)
    {
        using var api = factory.CreateApi();

        await api.BatchJsonAsync(body).ExpectInvalidFieldAsync(field);
    }

    [Theory]
    [InlineData("""{"action":"pause"}""", "file_ids", "Give exactly one of 'file_ids' and 'status'.")]
    [InlineData("""{"action":"pause","file_ids":[]}""", "file_ids", "'file_ids' must name between 1 and 1000 tasks.")]
    [InlineData("""{"action":"resume","file_ids":["a"],"delete_file":true}""", "delete_file", "'delete_file' applies to the delete action only.")]
    [InlineData("""{"action":"stop","file_ids":["a"]}""", "action", "'action' must be one of pause, resume, delete.")]
    public async Task A_refusal_message_names_the_fields_as_the_client_sent_them(string body, string field, string message)
    {
        using var api = factory.CreateApi();

        var problem = await api.BatchJsonAsync(body).ExpectInvalidFieldAsync(field);

        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(message, problem.Str("detail"));
    }

    [Fact]
    public async Task More_than_a_thousand_file_ids_are_refused()
    {
        using var api = factory.CreateApi();

        await api.BatchAsync(new { action = "pause", file_ids = Enumerable.Range(0, 1001).Select(i => $"t{i}") })
            .ExpectInvalidFieldAsync("file_ids");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused()
    {
        using var api = factory.CreateApi();

        await api.BatchJsonAsync("""{"action":""").ExpectProblemAsync(400, "validation_failed");
    }

    private static IEnumerable<string?> Codes(JsonElement batch) =>
        batch.GetProperty("results").EnumerateArray().Select(r => r.Str("code"));
}
