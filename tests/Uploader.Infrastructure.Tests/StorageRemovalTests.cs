using Microsoft.Extensions.Logging.Abstractions;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Tests;

/// <summary>Removing a task's chunk data, a merged file, and what crashes leave behind, on a real temp folder.</summary>
public sealed class StorageRemovalTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Cutoff = Now.AddHours(-1);

    private readonly TempStorage _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Deleting_task_data_answers_the_bytes_of_every_version_removed()
    {
        var chunk = await _store.StoreAsync(0, ChunkBytes.Random(100));
        await _store.StoreAsync(0, ChunkBytes.Random(30));
        await _store.StoreAsync(1, ChunkBytes.Random(7));

        var freed = await _store.Storage.DeleteTaskDataAsync(_store.TaskId, CancellationToken.None);

        Assert.Equal(137, freed);
        Assert.False(Directory.Exists(Path.GetDirectoryName(_store.ChunkPath(chunk))));
        Assert.Equal(0, await _store.Storage.DeleteTaskDataAsync(_store.TaskId, CancellationToken.None));
    }

    [Fact]
    public async Task Deleting_a_merged_file_removes_only_that_file_and_a_missing_one_is_no_error()
    {
        Directory.CreateDirectory(_store.MergedPath("docs"));
        await File.WriteAllTextAsync(_store.MergedPath("docs/report (1).pdf"), "merged");
        await File.WriteAllTextAsync(_store.MergedPath("docs/report.pdf"), "other");

        Assert.Equal(MergedFileRemoval.Deleted, await _store.Storage.DeleteMergedFileAsync("docs/report (1).pdf", 6, null, CancellationToken.None));
        Assert.Equal(MergedFileRemoval.Missing, await _store.Storage.DeleteMergedFileAsync("docs/report (1).pdf", 6, null, CancellationToken.None));
        Assert.Equal(MergedFileRemoval.Missing, await _store.Storage.DeleteMergedFileAsync("gone/never.bin", 6, null, CancellationToken.None));

        Assert.Equal([_store.MergedPath("docs/report.pdf")], _store.MergedFiles);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../outside.txt")]
    public async Task A_merged_file_path_outside_the_merged_folder_deletes_nothing(string path)
    {
        var outside = Path.Combine(Path.GetDirectoryName(_store.Layout.MergedDir)!, "outside.txt");
        await File.WriteAllTextAsync(outside, "keep");

        await Assert.ThrowsAsync<InvalidPath>(() => _store.Storage.DeleteMergedFileAsync(path, 4, null, CancellationToken.None));

        Assert.True(File.Exists(outside));
    }

    [Fact]
    public async Task Orphan_removal_removes_folders_of_missing_tasks_and_old_leftovers_only_of_every_instance()
    {
        var live = Guid.NewGuid();
        var dead = Guid.NewGuid();
        WriteFile(_store.Layout.TaskDir(live), "000000.a.chunk", 11, Now);
        WriteFile(_store.Layout.TaskDir(dead), "000000.b.chunk", 13, Now);
        WriteFile(_store.Layout.TaskDir(dead), "000001.c.chunk", 17, Now);
        WriteFile(Path.Combine(_store.Layout.UploadDir, "not-a-task"), "keep.bin", 1, Cutoff.AddDays(-9));
        WriteFile(_store.Layout.StagingDir, "old.part", 19, Cutoff.AddSeconds(-1));
        WriteFile(_store.Layout.StagingDir, "fresh.part", 23, Cutoff.AddSeconds(1));
        var otherInstance = Path.Combine(_store.Layout.StagingRoot, "web2_18101");
        WriteFile(otherInstance, "old-elsewhere.part", 41, Cutoff.AddSeconds(-1));
        WriteFile(otherInstance, "streaming-elsewhere.part", 43, Cutoff.AddSeconds(1));
        WriteFile(_store.Layout.StagingRoot, "before-instances.part", 47, Cutoff.AddSeconds(-1));
        WriteFile(_store.MergedPath("deep/er"), ".uploader-0123.merging", 29, Cutoff.AddMinutes(-5));
        WriteFile(_store.MergedPath("deep"), ".uploader-4567.merging", 31, Cutoff.AddMinutes(5));
        WriteFile(_store.MergedPath("deep"), "published.bin", 37, Cutoff.AddDays(-9));

        var removed = await new FileSystemLeftovers(_store.Layout, NullLogger<FileSystemLeftovers>.Instance)
            .RemoveAsync((ids, _) => Task.FromResult<IReadOnlySet<Guid>>(ids.Where(id => id == live).ToHashSet()), Cutoff, CancellationToken.None);

        Assert.Equal((1, 4, 13L + 17 + 19 + 29 + 41 + 47), (removed.TaskFolders, removed.LeftoverFiles, removed.FreedBytes));
        Assert.True(Directory.Exists(_store.Layout.TaskDir(live)));
        Assert.False(Directory.Exists(_store.Layout.TaskDir(dead)));
        Assert.True(File.Exists(Path.Combine(_store.Layout.UploadDir, "not-a-task", "keep.bin")));
        Assert.Equal(["fresh.part"], _store.StagedFiles.Select(Path.GetFileName));
        Assert.Equal(["streaming-elsewhere.part"], Directory.GetFiles(otherInstance).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(_store.Layout.StagingRoot, "before-instances.part")));
        Assert.Equal(
            [".uploader-4567.merging", "published.bin"],
            _store.MergedFiles.Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Orphan_removal_removes_health_probe_files_older_than_a_minute_at_the_top_of_both_folders()
    {
        var now = DateTime.UtcNow;
        WriteFile(_store.Layout.UploadDir, ".uploader-health-old.probe", 3, now.AddMinutes(-2));
        WriteFile(_store.Layout.UploadDir, ".uploader-health-new.probe", 5, now);
        WriteFile(_store.Layout.MergedDir, ".uploader-health-old.probe", 7, now.AddMinutes(-2));
        WriteFile(_store.MergedPath("deep"), ".uploader-health-old.probe", 11, now.AddMinutes(-2));

        var removed = await new FileSystemLeftovers(_store.Layout, NullLogger<FileSystemLeftovers>.Instance)
            .RemoveAsync((_, _) => Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>()), Cutoff, CancellationToken.None);

        Assert.Equal((2, 3L + 7), (removed.LeftoverFiles, removed.FreedBytes));
        Assert.Equal([".uploader-health-new.probe"], Directory.GetFiles(_store.Layout.UploadDir).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(_store.Layout.MergedDir));
        Assert.True(File.Exists(Path.Combine(_store.MergedPath("deep"), ".uploader-health-old.probe")));
    }

    [Fact]
    public async Task Orphan_removal_asks_about_task_ids_in_bounded_batches()
    {
        var count = (2 * FileSystemLeftovers.BatchSize) + 1;
        for (var i = 0; i < count; i++)
        {
            Directory.CreateDirectory(_store.Layout.TaskDir(Guid.NewGuid()));
        }

        var asked = new List<int>();
        var removed = await new FileSystemLeftovers(_store.Layout, NullLogger<FileSystemLeftovers>.Instance)
            .RemoveAsync(
                (ids, _) =>
                {
                    asked.Add(ids.Count);
                    return Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>());
                },
                Cutoff,
                CancellationToken.None);

        Assert.Equal([FileSystemLeftovers.BatchSize, FileSystemLeftovers.BatchSize, 1], asked);
        Assert.Equal(count, removed.TaskFolders);
        Assert.Equal([".staging"], Directory.GetDirectories(_store.Layout.UploadDir).Select(Path.GetFileName));
    }

    private static void WriteFile(string folder, string name, int size, DateTime lastWrite)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, ChunkBytes.Random(size));
        File.SetLastWriteTimeUtc(path, lastWrite);
    }
}
