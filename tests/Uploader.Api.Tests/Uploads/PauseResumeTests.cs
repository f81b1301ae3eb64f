namespace Uploader.Api.Tests;

public sealed class PauseResumeTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int ChunkSize = 2048;

    [Fact]
    public async Task Paused_task_refuses_uploads_and_merges_until_resumed()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 3, ChunkSize);
        await api.UploadChunksAsync(file, [0, 1]);

        var paused = await api.PauseAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("paused", paused.Str("status"));
        Assert.Equal(2, paused.Number("uploaded_chunks"));

        await api.UploadAsync(file.Request(2)).ExpectProblemAsync(409, "task_paused");
        await api.MergeAsync(file.FileId).ExpectProblemAsync(409, "task_paused");
        Assert.Equal("paused", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
        await api.ExpectStoredAsync(file.FileId, 0, 1);

        var resumed = await api.ResumeAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", resumed.Str("status"));

        await api.UploadChunksAsync(file, [2]);
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Fact]
    public async Task Pausing_twice_and_resuming_twice_keep_the_state()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);

        await api.PauseAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("paused", (await api.PauseAsync(file.FileId).ExpectOkAsync()).Str("status"));
        await api.ResumeAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", (await api.ResumeAsync(file.FileId).ExpectOkAsync()).Str("status"));
    }

    [Fact]
    public async Task Completed_task_cannot_be_paused()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        await api.MergeOkAsync(file);

        await api.PauseAsync(file.FileId).ExpectProblemAsync(409, "task_completed");
        Assert.Equal("completed", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
    }

    [Fact]
    public async Task Task_claimed_by_a_running_merge_refuses_uploads_merges_and_pauses()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        await factory.ChangeTaskAsync(file.FileId, task => task.BeginMerge(DateTime.UtcNow));

        await api.UploadAsync(file.Request(0)).ExpectProblemAsync(409, "merge_in_progress");
        await api.MergeAsync(file.FileId).ExpectProblemAsync(409, "merge_in_progress");
        await api.PauseAsync(file.FileId).ExpectProblemAsync(409, "merge_in_progress");
        await api.ResumeAsync(file.FileId).ExpectProblemAsync(409, "merge_in_progress");
        Assert.Equal("merging", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
    }

    [Fact]
    public async Task Failed_task_refuses_uploads_and_merges_until_resumed()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadAllAsync(file);
        await factory.ChangeTaskAsync(file.FileId, task =>
        {
            task.BeginMerge(DateTime.UtcNow);
            task.FailMerge("disk unplugged", DateTime.UtcNow);
        });

        await api.UploadAsync(file.Request(0)).ExpectProblemAsync(409, "invalid_state");
        await api.MergeAsync(file.FileId).ExpectProblemAsync(409, "invalid_state");
        Assert.Equal("failed", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));

        var resumed = await api.ResumeAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", resumed.Str("status"));
        Assert.Equal(1, resumed.Number("retry_count"));
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task Pause_or_resume_of_an_unknown_task_is_not_found(string action)
    {
        using var api = factory.CreateApi();
        var fileId = $"unknown-{Guid.NewGuid():N}";

        var call = action == "pause" ? api.PauseAsync(fileId) : api.ResumeAsync(fileId);

        await call.ExpectProblemAsync(404, "task_not_found");
    }
}
