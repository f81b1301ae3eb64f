using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>Status, task management and health through the client against the real server.</summary>
public sealed class TaskOperationTests : IClassFixture<KestrelUploaderServer>, IDisposable
{
    private static readonly string[] HealthyStatuses = ["healthy", "warning"];

    private readonly KestrelUploaderServer _server;
    private readonly TempFolder _files = new();

    public TaskOperationTests(KestrelUploaderServer server)
    {
        _server = server;
        _server.Faults.Clear();
    }

    [Fact]
    public async Task A_task_can_be_inspected_paused_resumed_listed_and_deleted()
    {
        var client = _server.NewClient();
        var fileId = $"ops-{Guid.NewGuid():N}";
        var source = SourceFiles.Write(_files.Combine("ops.bin"), 3000, seed: 40);
        var options = new UploadOptions { ChunkSize = 1000, FileId = fileId, RelativePath = "ops/ops.bin" };

        // A merge refused once (a conflict is not retried) leaves the task with every chunk stored.
        _server.Faults.Enqueue("merge_chunks", Fault.Status(409));
        await Assert.ThrowsAsync<UploaderApiException>(() => client.UploadFileAsync(source, options));

        var status = await client.GetUploadStatusAsync(fileId);
        Assert.Equal(("uploading", 3, 3000L), (status.Status, status.TotalChunks, status.UploadedBytes));
        Assert.Equal([0, 1, 2], status.UploadedChunks);
        Assert.Equal(fileId, status.Raw.GetProperty("file_id").GetString());

        var detail = await client.GetTaskAsync(fileId);
        Assert.Equal(3, detail.Chunks.Count);
        Assert.All(detail.Chunks, c => Assert.Equal(("uploaded", 1000L), (c.Status, c.Size)));
        Assert.Equal("ops/ops.bin", detail.RelativePath);

        var paused = await client.PauseTaskAsync(fileId);
        Assert.Equal(("paused", 3), (paused.Status, paused.UploadedChunks));
        var refused = await Assert.ThrowsAsync<UploaderApiException>(() => client.UploadFileAsync(source, options));
        Assert.Equal((409, "task_paused"), (refused.StatusCode, refused.Code));

        var resumed = await client.ResumeTaskAsync(fileId);
        Assert.Equal("uploading", resumed.Status);
        var page = await client.ListTasksAsync("uploading", pageSize: 500);
        var listed = Assert.Single(page.Tasks, t => t.FileId == fileId);
        Assert.Equal(fileId, listed.Raw.GetProperty("file_id").GetString());
        Assert.True(page.Total >= 1);

        await client.DeleteTaskAsync(fileId);
        var gone = await Assert.ThrowsAsync<UploaderApiException>(() => client.GetUploadStatusAsync(fileId));
        Assert.Equal((404, "task_not_found"), (gone.StatusCode, gone.Code));
    }

    [Fact]
    public async Task Deleting_with_the_file_removes_the_merged_file()
    {
        var client = _server.NewClient();
        var source = SourceFiles.Write(_files.Combine("del.bin"), 500, seed: 41);
        var result = await client.UploadFileAsync(source, new UploadOptions { RelativePath = $"ops/{Guid.NewGuid():N}.bin" });
        Assert.True(File.Exists(_server.MergedFile(result.FilePath)));

        var deleted = await client.DeleteTaskAsync(result.FileId, deleteFile: true);

        Assert.False(File.Exists(_server.MergedFile(result.FilePath)));
        Assert.Equal((result.FileId, "deleted"), (deleted.FileId, deleted.MergedFile));
        Assert.Equal("deleted", deleted.Raw.GetProperty("merged_file").GetString());
    }

    [Fact]
    public async Task Cleanup_by_status_removes_the_completed_tasks()
    {
        var client = _server.NewClient();
        var source = SourceFiles.Write(_files.Combine("clean.bin"), 500, seed: 42);
        await client.UploadFileAsync(source, new UploadOptions { RelativePath = $"ops/{Guid.NewGuid():N}.bin" });
        var before = await client.ListTasksAsync("completed");

        var cleaned = await client.CleanupTasksAsync(new CleanupRequest(Status: "completed"));

        Assert.Equal(before.Total, cleaned.Cleaned);
        Assert.True(cleaned.Cleaned >= 1);
        Assert.Equal(0, (await client.ListTasksAsync("completed")).Total);
    }

    [Fact]
    public async Task A_batch_reports_each_task_and_refusals_do_not_throw()
    {
        var client = _server.NewClient();
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var fileId = $"batch-{i}-{Guid.NewGuid():N}";
            _server.Faults.Enqueue("merge_chunks", Fault.Status(409));
            var source = SourceFiles.Write(_files.Combine($"batch-{i}.bin"), 100, seed: 43 + i);
            await Assert.ThrowsAsync<UploaderApiException>(() => client.UploadFileAsync(source, new UploadOptions { FileId = fileId, RelativePath = $"ops/{fileId}.bin" }));
            ids.Add(fileId);
        }

        var batch = await client.BatchTasksAsync(new BatchRequest("pause", [.. ids, "no-such-task"]));

        Assert.Equal([.. ids, "no-such-task"], batch.Results.Select(r => r.FileId));
        Assert.Equal([true, true, false], batch.Results.Select(r => r.Ok));
        Assert.Equal("task_not_found", batch.Results[2].Code);
        Assert.Equal("paused", (await client.GetUploadStatusAsync(ids[0])).Status);
        Assert.Equal(3, batch.Raw.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task A_bad_cleanup_status_is_a_validation_error()
    {
        var error = await Assert.ThrowsAsync<UploaderApiException>(
            () => _server.NewClient().CleanupTasksAsync(new CleanupRequest(Status: "merging")));

        Assert.Equal((400, "validation_failed"), (error.StatusCode, error.Code));
        Assert.NotNull(error.Detail);
    }

    [Fact]
    public async Task Health_reports_each_check()
    {
        var health = await _server.NewClient(o => o.ApiKey = null).GetHealthAsync();

        Assert.Equal(200, health.HttpStatus);
        Assert.Contains(health.Status, HealthyStatuses);
        Assert.Equal("healthy", health.Checks["database"].Status);
        Assert.Equal(["database", "disk_space", "merged_dir", "upload_dir"], health.Checks.Keys.Order(StringComparer.Ordinal));
        Assert.True(health.Raw.GetProperty("checks").GetProperty("disk_space").TryGetProperty("free_bytes", out _));
    }

    [Fact]
    public async Task An_unhealthy_server_is_a_report_not_an_exception()
    {
        Directory.Delete(_server.MergedDir, recursive: true);
        try
        {
            var health = await _server.NewClient().GetHealthAsync();

            Assert.Equal((503, "unhealthy"), (health.HttpStatus, health.Status));
            Assert.Equal("unhealthy", health.Checks["merged_dir"].Status);
            Assert.Equal(1, _server.Faults.Attempts("health"));
        }
        finally
        {
            Directory.CreateDirectory(_server.MergedDir);
        }
    }

    public void Dispose() => _files.Dispose();
}
