namespace Uploader.Api.Tests;

/// <summary>GET /go-uploader/tasks/failed and POST /go-uploader/tasks/resume_all_failed, with go-uploader's field names.</summary>
public sealed class FailedTasksTests
{
    private const int ChunkSize = 1024;

    [Fact]
    public async Task The_failed_list_has_only_the_failed_tasks_newest_first_with_their_total()
    {
        using var server = new FakeClockServer();
        var failed = await FailedAsync(server, 2);
        var uploading = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(uploading);

        var list = await server.Api.FailedTasksAsync().ExpectOkAsync();

        Assert.Equal(["tasks", "total"], list.FieldNames());
        Assert.Equal(2, list.Number("total"));
        var rows = list.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Reverse(failed).Select(f => f.FileId), rows.Select(r => r.Str("task_id")));
        Assert.All(rows, r => Assert.Equal(("failed", "file"), (r.Str("status"), r.Str("task_type"))));
    }

    [Fact]
    public async Task Resume_all_failed_takes_every_failed_task_back_to_uploading_and_names_them()
    {
        using var server = new FakeClockServer();
        var failed = await FailedAsync(server, 3);
        var paused = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await server.Api.UploadChunksAsync(paused, [0]);
        await server.Api.PauseAsync(paused.FileId).ExpectOkAsync();

        var answer = await server.Api.ResumeAllFailedAsync().ExpectOkAsync();
        var again = await server.Api.ResumeAllFailedAsync().ExpectOkAsync();

        Assert.Equal(["file_ids", "resumed", "status"], answer.FieldNames());
        Assert.Equal(("ok", 3L), (answer.Str("status"), answer.Number("resumed")));
        Assert.Equal(failed.Select(f => f.FileId), answer.GetProperty("file_ids").EnumerateArray().Select(e => e.GetString()));
        foreach (var file in failed)
        {
            Assert.Equal("uploading", await server.Api.TaskStatusAsync(file.FileId));
        }

        Assert.Equal("paused", await server.Api.TaskStatusAsync(paused.FileId));
        Assert.Equal(0, again.Number("resumed"));
        Assert.Empty(again.GetProperty("file_ids").EnumerateArray());
        Assert.Equal(0, (await server.Api.FailedTasksAsync().ExpectOkAsync()).Number("total"));
    }

    [Fact]
    public async Task Both_routes_need_the_key()
    {
        using var server = new FakeClockServer();
        using var anonymous = server.Factory.CreateClient();

        await anonymous.GetAsync(new Uri("go-uploader/tasks/failed", UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");
        await anonymous.PostAsync(new Uri("go-uploader/tasks/resume_all_failed", UriKind.Relative), null).ExpectProblemAsync(401, "unauthorized");
    }

    /// <summary>Tasks whose merge failed, oldest first, a second apart.</summary>
    private static async Task<List<SourceFile>> FailedAsync(FakeClockServer server, int count)
    {
        var files = new List<SourceFile>();
        for (var i = 0; i < count; i++)
        {
            var file = SourceFile.Random(ChunkSize, ChunkSize);
            await server.Api.UploadAllAsync(file);
            await server.Factory.ChangeTaskAsync(file.FileId, t =>
            {
                t.BeginMerge(DateTime.UtcNow);
                t.FailMerge("disk unplugged", DateTime.UtcNow);
            });
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            files.Add(file);
        }

        return files;
    }
}
