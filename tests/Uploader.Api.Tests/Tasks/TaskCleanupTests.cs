namespace Uploader.Api.Tests;

/// <summary>
/// POST /go-uploader/tasks/cleanup on servers with a fake clock and task_expiry_hours = 1; the periodic sweep
/// stays off, so only the endpoint removes anything.
/// </summary>
public sealed class TaskCleanupTests
{
    private const int ChunkSize = 1000;

    [Fact]
    public async Task Without_parameters_it_removes_unfinished_tasks_idle_past_the_expiry()
    {
        using var server = NewServer();
        var api = server.Api;
        var idle = SourceFile.Random((2 * ChunkSize) + 100, ChunkSize);
        var paused = SourceFile.Random(ChunkSize, ChunkSize);
        var failed = SourceFile.Random(ChunkSize, ChunkSize);
        var completed = SourceFile.Random(ChunkSize, ChunkSize);
        var merging = SourceFile.Random(ChunkSize, ChunkSize);
        var active = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(idle, [0, 2]);
        await api.UploadAllAsync(paused);
        await api.PauseAsync(paused.FileId).ExpectOkAsync();
        await api.UploadAllAsync(failed);
        await server.Factory.ChangeTaskAsync(failed.FileId, t =>
        {
            t.BeginMerge(server.Clock.GetUtcNow().UtcDateTime);
            t.FailMerge("disk unplugged", server.Clock.GetUtcNow().UtcDateTime);
        });
        await api.UploadAllAsync(completed);
        var mergedPath = server.Factory.Stored.Merged((await api.MergeOkAsync(completed)).Str("file_path")!);
        await api.UploadAllAsync(merging);
        await server.Factory.ChangeTaskAsync(merging.FileId, t => t.BeginMerge(server.Clock.GetUtcNow().UtcDateTime));
        await api.UploadChunksAsync(active, [0]);
        var idleTask = await server.Factory.TaskIdAsync(idle.FileId);

        server.Clock.Advance(TimeSpan.FromMinutes(50));
        await api.UploadChunksAsync(active, [1]);
        server.Clock.Advance(TimeSpan.FromMinutes(20));
        var cleaned = await api.CleanupAsync().ExpectOkAsync();

        Assert.Equal(["cleaned", "freed_bytes", "status"], cleaned.FieldNames());
        Assert.Equal("ok", cleaned.Str("status"));
        Assert.Equal(3, cleaned.Number("cleaned"));
        Assert.Equal((ChunkSize + 100) + ChunkSize + ChunkSize, cleaned.Number("freed_bytes"));
        Assert.Null(await api.TaskStatusAsync(idle.FileId));
        Assert.Null(await api.TaskStatusAsync(paused.FileId));
        Assert.Null(await api.TaskStatusAsync(failed.FileId));
        Assert.Empty(await server.Factory.Stored.ChunksAsync(idleTask));
        Assert.Equal("completed", await api.TaskStatusAsync(completed.FileId));
        Assert.Equal("merging", await api.TaskStatusAsync(merging.FileId));
        Assert.Equal("uploading", await api.TaskStatusAsync(active.FileId));
        Assert.True(await server.Factory.Stored.ExistsAsync(mergedPath));
    }

    [Fact]
    public async Task A_status_removes_the_tasks_in_it_at_any_age_but_never_a_merged_file()
    {
        using var server = NewServer();
        var completed = SourceFile.Random(ChunkSize, ChunkSize);
        var uploading = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(completed);
        var mergedPath = server.Factory.Stored.Merged((await server.Api.MergeOkAsync(completed)).Str("file_path")!);
        await server.Api.UploadAllAsync(uploading);

        var cleaned = await server.Api.CleanupAsync("?status=completed").ExpectOkAsync();

        Assert.Equal((1L, 0L), (cleaned.Number("cleaned"), cleaned.Number("freed_bytes")));
        Assert.Null(await server.Api.TaskStatusAsync(completed.FileId));
        Assert.Equal(completed.Md5, await server.Factory.Stored.Md5OfAsync(mergedPath));
        Assert.Equal("uploading", await server.Api.TaskStatusAsync(uploading.FileId));
    }

    [Fact]
    public async Task Older_than_removes_tasks_idle_for_that_many_days_with_or_without_a_status()
    {
        using var server = NewServer();
        var old = SourceFile.Random(ChunkSize, ChunkSize);
        var oldPaused = SourceFile.Random(ChunkSize, ChunkSize);
        var recent = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(old);
        await server.Api.UploadAllAsync(oldPaused);
        await server.Api.PauseAsync(oldPaused.FileId).ExpectOkAsync();
        server.Clock.Advance(TimeSpan.FromDays(2));
        await server.Api.UploadAllAsync(recent);

        var pausedOnly = await server.Api.CleanupAsync("?status=paused&older_than=1").ExpectOkAsync();
        var anyStatus = await server.Api.CleanupAsync("?older_than=1").ExpectOkAsync();

        Assert.Equal((1L, (long)ChunkSize), (pausedOnly.Number("cleaned"), pausedOnly.Number("freed_bytes")));
        Assert.Equal((1L, (long)ChunkSize), (anyStatus.Number("cleaned"), anyStatus.Number("freed_bytes")));
        Assert.Null(await server.Api.TaskStatusAsync(old.FileId));
        Assert.Equal("uploading", await server.Api.TaskStatusAsync(recent.FileId));
    }

    [Theory]
    [InlineData("?status=merging", "status")]
    [InlineData("?status=stale", "status")]
    [InlineData("?older_than=-1", "older_than")]
    [InlineData("?older_than=soon", "older_than")]
    public async Task A_bad_filter_is_refused_and_nothing_is_removed(string query, string field)
    {
        using var server = NewServer();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(file);
        server.Clock.Advance(TimeSpan.FromDays(2));

        await server.Api.CleanupAsync(query).ExpectInvalidFieldAsync(field);

        Assert.Equal("uploading", await server.Api.TaskStatusAsync(file.FileId));
    }

    private static FakeClockServer NewServer() => new(config => config["task_expiry_hours"] = 1);
}
