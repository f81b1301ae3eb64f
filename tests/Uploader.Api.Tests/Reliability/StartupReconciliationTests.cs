using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.ReconcileStorage;

namespace Uploader.Api.Tests;

/// <summary>
/// What the server repairs before it listens, driven here through the same command on a running server
/// after the chunk store was damaged behind its back.
/// </summary>
public sealed class StartupReconciliationTests
{
    private const int ChunkSize = 16 * 1024;

    [Fact]
    public async Task A_recorded_chunk_whose_bytes_are_gone_becomes_missing_and_can_be_sent_again()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var file = SourceFile.Random((3 * ChunkSize) + 5, ChunkSize);
        await api.UploadChunksAsync(file, [0, 1, 2, 3]);
        await factory.Stored.DeleteAsync(Assert.Single(await factory.StoredChunksAsync(file.FileId, 1)));

        var repaired = await ReconcileAsync(factory);

        Assert.Equal(1, repaired.ChunksForgotten);
        Assert.Equal(0, repaired.VersionsRemoved);
        await api.ExpectStoredAsync(file.FileId, 0, 2, 3);
        await api.UploadChunksAsync(file, [1]);
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

#if !S3
    // File times set by hand, and files in upload_dir: the S3 adapter's listing and sweep are in
    // Uploader.Infrastructure.Tests/S3/Adapter (Listing_before_a_time…, The_leftovers_sweep…).
    [Fact]
    public async Task An_old_stored_version_no_record_points_to_is_removed_and_the_recorded_and_fresh_ones_stay()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var file = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(file, [0, 1]);
        var taskFolder = Assert.Single(TaskFolders(factory));
        var stray = Path.Combine(taskFolder, $"000000.{Guid.NewGuid():N}.chunk");
        await File.WriteAllBytesAsync(stray, [1, 2, 3]);
        File.SetLastWriteTimeUtc(stray, DateTime.UtcNow.AddHours(-2));

        // Bytes land before their record: a fresh unrecorded version may be another instance's chunk being recorded now.
        var beingRecorded = Path.Combine(taskFolder, $"000001.{Guid.NewGuid():N}.chunk");
        await File.WriteAllBytesAsync(beingRecorded, [4, 5, 6]);

        var repaired = await ReconcileAsync(factory);

        Assert.Equal(1, repaired.VersionsRemoved);
        Assert.Equal(0, repaired.ChunksForgotten);
        Assert.False(File.Exists(stray));
        Assert.True(File.Exists(beingRecorded));
        File.Delete(beingRecorded);
        Assert.Equal(2, Directory.GetFiles(taskFolder, "*.chunk").Length);
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    [Fact]
    public async Task Data_of_a_task_that_does_not_exist_and_old_leftover_files_of_any_instance_are_removed()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        await api.StatusAsync("warm-up");
        var orphan = Directory.CreateDirectory(Path.Combine(factory.UploadDir, Guid.NewGuid().ToString("N")));
        await File.WriteAllBytesAsync(Path.Combine(orphan.FullName, "000000.x.chunk"), new byte[100]);
        var staged = Path.Combine(factory.UploadDir, ".staging", "web2_18101", $"{Guid.NewGuid():N}.part");
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        await File.WriteAllBytesAsync(staged, new byte[10]);
        File.SetLastWriteTimeUtc(staged, DateTime.UtcNow.AddHours(-2));
        var inFlight = Path.Combine(factory.UploadDir, ".staging", "web2_18101", $"{Guid.NewGuid():N}.part");
        await File.WriteAllBytesAsync(inFlight, new byte[10]);

        var repaired = await ReconcileAsync(factory);

        Assert.Equal(1, repaired.Orphans.TaskFolders);
        Assert.Equal(1, repaired.Orphans.LeftoverFiles);
        Assert.False(orphan.Exists && Directory.Exists(orphan.FullName));
        Assert.False(File.Exists(staged));
        Assert.True(File.Exists(inFlight), "another instance's in-flight body was removed");
    }

#endif

    [Fact]
    public async Task A_merge_whose_file_was_moved_into_place_before_the_crash_is_completed_not_merged_again()
    {
        var lost = new LostCompletion();
        await using var factory = new UploaderFactory().OverrideServices(lost.InstallIn);
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 7, ChunkSize, "report.pdf");
        await api.UploadAllAsync(file);
        using (var interrupted = await api.MergeAsync(file.FileId, file.Md5))
        {
            Assert.True(lost.Happened, $"the completion was not reached: {(int)interrupted.StatusCode}");
        }

        var caught = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("merging", caught.Str("status"));
        Assert.False(caught.TryGetProperty("file_path", out _), "a path shown before the file is published");

        var repaired = await ReconcileAsync(factory);

        Assert.Equal((1, 0), (repaired.MergesCompleted, repaired.MergesReopened));
        Assert.Empty(await factory.StoredChunksAsync(file.FileId));
        var merged = await api.MergeOkAsync(file);
        Assert.Equal("report.pdf", merged.Str("file_path"));
        Assert.Equal(0, merged.GetProperty("merge_time_ms").GetInt64());
        Assert.Equal(["report.pdf"], await factory.Stored.MergedFilesAsync());
        Assert.Equal(file.Md5, await factory.Stored.Md5OfMergedAsync("report.pdf"));
    }

    [Fact]
    public async Task A_merge_that_recorded_its_target_but_never_moved_the_file_is_reopened_and_merges_under_that_name()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 7, ChunkSize, "report.pdf");
        await api.UploadAllAsync(file);
        await factory.ChangeTaskAsync(file.FileId, task =>
        {
            task.BeginMerge(DateTime.UtcNow);
            task.RecordMergeTarget(file.Md5, "report.pdf", "test-identity", DateTime.UtcNow);
        });

        var repaired = await ReconcileAsync(factory);

        Assert.Equal((0, 1), (repaired.MergesCompleted, repaired.MergesReopened));
        var status = await api.StatusAsync(file.FileId).ExpectOkAsync();
        Assert.Equal("uploading", status.Str("status"));
        Assert.Equal("report.pdf", (await api.MergeOkAsync(file)).Str("file_path"));
        Assert.Equal(["report.pdf"], await factory.Stored.MergedFilesAsync());
    }

    [Fact]
    public async Task A_merge_whose_recorded_target_holds_other_bytes_is_reopened_and_that_file_is_kept()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 7, ChunkSize, "report.pdf");
        await api.UploadAllAsync(file);
        await factory.Stored.WriteTextAsync(factory.Stored.Merged("report.pdf"), "someone else's report");
        await factory.ChangeTaskAsync(file.FileId, task =>
        {
            task.BeginMerge(DateTime.UtcNow);
            task.RecordMergeTarget(file.Md5, "report.pdf", "test-identity", DateTime.UtcNow);
        });

        var repaired = await ReconcileAsync(factory);

        Assert.Equal((0, 1), (repaired.MergesCompleted, repaired.MergesReopened));
        Assert.Equal("someone else's report", await factory.Stored.ReadTextAsync(factory.Stored.Merged("report.pdf")));
        Assert.Equal("report (1).pdf", (await api.MergeOkAsync(file)).Str("file_path"));
    }

    [Fact]
    public async Task A_merge_under_another_instance_s_live_lease_is_left_alone_and_reopened_once_that_lease_ran_out()
    {
        await using var factory = new UploaderFactory();
        using var api = factory.CreateApi();
        var file = SourceFile.Random((2 * ChunkSize) + 7, ChunkSize, "report.pdf");
        await api.UploadAllAsync(file);
        await factory.ChangeTaskAsync(file.FileId, task => task.BeginMerge(DateTime.UtcNow));
        var chunkFiles = await factory.StoredChunksAsync(file.FileId);
        await LeaseAsync(factory, file.FileId, "web2:18101", DateTime.UtcNow.AddMinutes(1));

        var whileLive = await ReconcileAsync(factory);

        Assert.Equal((0, 0, 1), (whileLive.MergesCompleted, whileLive.MergesReopened, whileLive.MergesLeft));
        Assert.Equal("merging", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
        Assert.Equal(chunkFiles, await factory.StoredChunksAsync(file.FileId));

        await LeaseAsync(factory, file.FileId, "web2:18101", DateTime.UtcNow.AddSeconds(-1));
        var afterExpiry = await ReconcileAsync(factory);

        Assert.Equal((0, 1, 0), (afterExpiry.MergesCompleted, afterExpiry.MergesReopened, afterExpiry.MergesLeft));
        Assert.Equal("uploading", (await api.StatusAsync(file.FileId).ExpectOkAsync()).Str("status"));
        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
    }

    /// <summary>Writes the merge lease of a merging task as the instance <paramref name="owner"/> would have.</summary>
    private static async Task LeaseAsync(UploaderFactory factory, string fileId, string owner, DateTime until)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var tasks = scope.ServiceProvider.GetRequiredService<IUploadTaskRepository>();
        var task = await tasks.FindAsync(fileId, CancellationToken.None);
        await tasks.RecordMergeLeaseAsync(task!.Id, owner, until, CancellationToken.None);
    }

#if !S3
    private static IEnumerable<string> TaskFolders(UploaderFactory factory) =>
        Directory.GetDirectories(factory.UploadDir).Where(d => !Path.GetFileName(d).StartsWith('.'));
#endif

    private static async Task<StorageReconciliation> ReconcileAsync(UploaderFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ReconcileStorageCommand());
    }
}
