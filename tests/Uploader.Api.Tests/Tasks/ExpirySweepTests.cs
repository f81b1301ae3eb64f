using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Mediator;
using Uploader.Api.Expiry;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Application.Tasks.Commands.RemoveOrphanData;

namespace Uploader.Api.Tests;

/// <summary>
/// The periodic expiry sweep, driven by a fake clock: task_expiry_hours = 1, cleanup_interval = 2 hours. The
/// clock only reaches the timer's due time in the step that should start a sweep.
/// </summary>
public sealed class ExpirySweepTests
{
    private const int ChunkSize = 1000;
    private static readonly TimeSpan Interval = TimeSpan.FromHours(2);

#if !S3
    // Orphans and staged bodies planted as files; on S3 the sweep of chunk objects is The_leftovers_sweep… in Uploader.Infrastructure.Tests/S3/Adapter.
    [Fact]
    public async Task When_the_interval_passes_expired_tasks_and_orphaned_data_are_removed()
    {
        using var server = NewServer();
        var api = server.Api;
        var expired = SourceFile.Random(2 * ChunkSize, ChunkSize);
        var active = SourceFile.Random(2 * ChunkSize, ChunkSize);
        var completed = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadChunksAsync(expired, [0]);
        await api.UploadChunksAsync(active, [0]);
        await api.UploadAllAsync(completed);
        var mergedPath = server.Factory.Stored.Merged((await api.MergeOkAsync(completed)).Str("file_path")!);
        var expiredFolder = await server.Factory.TaskDirectoryAsync(expired.FileId);
        var activeFolder = await server.Factory.TaskDirectoryAsync(active.FileId);
        var sweepTime = server.Clock.GetUtcNow().UtcDateTime + Interval;
        var orphanFolder = Path.Combine(server.Factory.UploadDir, Guid.NewGuid().ToString("N"));
        var orphanChunk = WriteFile(orphanFolder, "000000.x.chunk", 100);
        var staleStaging = WriteFile(Path.Combine(server.Factory.UploadDir, ".staging"), "stale.part", 50);
        var freshStaging = WriteFile(Path.Combine(server.Factory.UploadDir, ".staging"), "fresh.part", 60, lastWrite: sweepTime);
        var staleMerge = WriteFile(Path.Combine(server.Factory.MergedDir, "sub"), ".uploader-0123.merging", 70);

        server.Clock.Advance(TimeSpan.FromMinutes(90));
        await api.UploadChunksAsync(active, [1]);
        var report = await server.AdvanceUntilSweptAsync(Interval - TimeSpan.FromMinutes(90));

        Assert.Equal((1, (long)ChunkSize), (report.Expired!.Cleaned, report.Expired.FreedBytes));
        Assert.Equal((1, 2, 100L + 50 + 70), (report.Orphans!.TaskFolders, report.Orphans.LeftoverFiles, report.Orphans.FreedBytes));
        Assert.Null(await api.TaskStatusAsync(expired.FileId));
        Assert.False(Directory.Exists(expiredFolder));
        Assert.False(File.Exists(orphanChunk));
        Assert.False(Directory.Exists(orphanFolder));
        Assert.False(File.Exists(staleStaging));
        Assert.False(File.Exists(staleMerge));
        Assert.True(File.Exists(freshStaging));
        Assert.Equal("uploading", await api.TaskStatusAsync(active.FileId));
        Assert.Equal(2, Directory.GetFiles(activeFolder).Length);
        Assert.Equal("completed", await api.TaskStatusAsync(completed.FileId));
        Assert.Equal(completed.Md5, await server.Factory.Stored.Md5OfAsync(mergedPath));
    }
#endif

    [Fact]
    public async Task A_failing_part_of_a_sweep_is_skipped_and_the_next_interval_sweeps_again()
    {
        using var server = NewServer(services =>
        {
            services.RemoveAll<IStorageLeftovers>();
            services.AddSingleton<IStorageLeftovers, UnreadableStorage>();
        });
        var first = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(first);

        var failed = await server.AdvanceUntilSweptAsync(Interval);
        var second = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(second);
        var next = await server.AdvanceUntilSweptAsync(Interval);

        Assert.Null(failed.Orphans);
        Assert.Equal(1, failed.Expired!.Cleaned);
        Assert.Null(next.Orphans);
        Assert.Equal(1, next.Expired!.Cleaned);
        Assert.Null(await server.Api.TaskStatusAsync(second.FileId));
    }

    [Fact]
    public async Task A_sweep_can_be_run_directly_without_waiting_for_the_interval()
    {
        using var server = NewServer();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(file);
        server.Clock.Advance(TimeSpan.FromMinutes(61));

        var report = await server.Sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(1, report.Expired!.Cleaned);
        Assert.Null(await server.Api.TaskStatusAsync(file.FileId));
    }

    [Fact]
    public async Task A_sweep_while_another_instance_holds_the_sweep_lease_removes_nothing_until_that_lease_runs_out()
    {
        using var server = NewServer();
        var file = SourceFile.Random(ChunkSize, ChunkSize);
        await server.Api.UploadAllAsync(file);
        server.Clock.Advance(TimeSpan.FromMinutes(61));
        var leases = server.Factory.Services.GetRequiredService<INamedLeases>();
        var now = server.Clock.GetUtcNow().UtcDateTime;
        Assert.True(await leases.TryTakeAsync(ExpirySweepService.LeaseName, "web9:18101", now, now + TimeSpan.FromSeconds(30), CancellationToken.None));

        var skipped = await server.Sweeper.SweepAsync(CancellationToken.None);

        Assert.False(skipped.Ran);
        Assert.Equal("uploading", await server.Api.TaskStatusAsync(file.FileId));

        server.Clock.Advance(TimeSpan.FromSeconds(31));
        var swept = await server.Sweeper.SweepAsync(CancellationToken.None);

        Assert.True(swept.Ran);
        Assert.Equal(1, swept.Expired!.Cleaned);
        Assert.Null(await server.Api.TaskStatusAsync(file.FileId));

        // Released when done: the other instance need not wait for it to run out.
        var after = server.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromMilliseconds(1);
        Assert.True(await leases.TryTakeAsync(ExpirySweepService.LeaseName, "web9:18101", after, after + TimeSpan.FromSeconds(30), CancellationToken.None));
    }

    /// <summary>
    /// Two instances whose sweeps overlap anyway (one lost its lease to a pause): both walk the same expired tasks and
    /// orphaned folders at once, and every task is removed by one of them, its bytes counted once.
    /// </summary>
    [Fact]
    public async Task Two_sweeps_at_once_over_one_store_remove_each_expired_task_and_orphan_folder_once()
    {
        const int Tasks = 12;
        const int Orphans = 6;
        using var server = NewServer();
        var files = Enumerable.Range(0, Tasks).Select(_ => SourceFile.Random(ChunkSize, ChunkSize)).ToList();
        foreach (var file in files)
        {
            await server.Api.UploadAllAsync(file);
        }

        var orphanFolders = Enumerable.Range(0, Orphans)
            .Select(_ => Path.Combine(server.Factory.UploadDir, Guid.NewGuid().ToString("N")))
            .ToList();
        foreach (var folder in orphanFolders)
        {
            WriteFile(folder, "000000.x.chunk", 100);
        }

        server.Clock.Advance(TimeSpan.FromMinutes(61));

        var sweeps = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(SweepBypassingTheLeaseAsync)));

        Assert.Equal(Tasks, sweeps.Sum(s => s.Expired.Cleaned));
        Assert.Equal((long)Tasks * ChunkSize, sweeps.Sum(s => s.Expired.FreedBytes));
        Assert.Equal(Orphans, sweeps.Sum(s => s.Orphans.TaskFolders));
        foreach (var file in files)
        {
            Assert.Null(await server.Api.TaskStatusAsync(file.FileId));
        }

        Assert.All(orphanFolders, folder => Assert.False(Directory.Exists(folder), folder));

        async Task<(CleanupTasksResult Expired, OrphanRemoval Orphans)> SweepBypassingTheLeaseAsync()
        {
            await using var scope = server.Factory.Services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var expired = await mediator.Send(new CleanupTasksCommand(null, null));
            var orphans = await mediator.Send(new RemoveOrphanDataCommand());
            return (expired, orphans);
        }
    }

    private static FakeClockServer NewServer(Action<IServiceCollection>? services = null) =>
        new(
            config =>
            {
                config["task_expiry_hours"] = 1;
                config["cleanup_interval"] = (int)Interval.TotalSeconds;
            },
            services);

    private static string WriteFile(string folder, string name, int size, DateTime? lastWrite = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, new byte[size]);
        if (lastWrite is { } time)
        {
            File.SetLastWriteTimeUtc(path, time);
        }

        return path;
    }

    private sealed class UnreadableStorage : IStorageLeftovers
    {
        public Task<OrphanRemoval> RemoveAsync(
            Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlySet<Guid>>> findLiveTasks,
            DateTime leftoverBefore,
            CancellationToken cancellationToken) =>
            throw new IOException("the upload folder's volume is not readable");
    }
}
