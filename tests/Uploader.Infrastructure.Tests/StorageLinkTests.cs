using Microsoft.Extensions.Logging.Abstractions;
using Uploader.Application.Ports;
using Uploader.Domain.Errors;
using Uploader.Infrastructure.Storage;

namespace Uploader.Infrastructure.Tests;

/// <summary>
/// A symbolic link inside upload_dir or merged_dir that leads out of it: nothing the adapter creates, writes, moves
/// or deletes may land outside. The "outside" folder is a temp folder of the test with a file in it to lose.
/// </summary>
public sealed class StorageLinkTests : IDisposable
{
    private readonly TempStorage _store = new();
    private readonly TempFolder _outside = new();

    public StorageLinkTests() => File.WriteAllText(OutsideFile, "not the server's");

    private string OutsideFile => _outside.Combine("precious.txt");

    public void Dispose()
    {
        _store.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task A_merge_whose_target_folder_is_a_link_out_of_merged_dir_is_refused_and_writes_nothing_there()
    {
        Directory.CreateSymbolicLink(_store.MergedPath("evil"), _outside.Path);
        var chunks = await _store.StoreAllAsync([ChunkBytes.Random(10)]);

        var error = await Assert.ThrowsAsync<InvalidPath>(() => _store.AssembleAsync(chunks, "evil/pwn.txt"));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Equal([OutsideFile], Directory.GetFileSystemEntries(_outside.Path));
    }

    [Fact]
    public async Task A_merge_whose_target_is_a_link_deeper_down_is_refused()
    {
        Directory.CreateDirectory(_store.MergedPath("a"));
        Directory.CreateSymbolicLink(_store.MergedPath("a/b"), _outside.Path);
        var chunks = await _store.StoreAllAsync([ChunkBytes.Random(10)]);

        await Assert.ThrowsAsync<InvalidPath>(() => _store.AssembleAsync(chunks, "a/b/c/pwn.txt"));

        Assert.Equal([OutsideFile], Directory.GetFileSystemEntries(_outside.Path));
    }

    [Fact]
    public async Task A_merged_dir_that_is_itself_a_link_is_the_operators_choice_and_is_used()
    {
        using var real = new TempFolder();
        var linkedRoot = _outside.Combine("merged-link");
        Directory.CreateSymbolicLink(linkedRoot, real.Path);
        var layout = new StorageLayout(_store.Layout.UploadDir, linkedRoot, durable: false);
        var storage = new FileSystemChunkStorage(layout, new Resilience.ResiliencePipelines(new Resilience.RetrySettings(0, TimeSpan.Zero)), _store.Space);
        var chunk = await _store.StoreAsync(0, ChunkBytes.Random(10));

        await using (var assembled = await storage.AssembleAsync(_store.TaskId, [chunk], Domain.Tasks.RelativeFilePath.Parse("d/f.bin"), new WrittenBytes(), CancellationToken.None))
        {
            var target = await assembled.ChooseTargetAsync(Application.Policies.ConflictPolicy.Reject, CancellationToken.None);
            Assert.True(await assembled.PublishAsync(target, Application.Policies.ConflictPolicy.Reject, CancellationToken.None));
        }

        Assert.True(File.Exists(Path.Combine(real.Path, "d", "f.bin")));
    }

    [Fact]
    public async Task A_chunk_file_swapped_for_a_link_is_named_corrupt_and_its_target_is_never_read_into_the_file()
    {
        var chunks = await _store.StoreAllAsync([ChunkBytes.Random(10), ChunkBytes.Random(10)]);
        var swapped = _store.ChunkPath(chunks[1]);
        File.Delete(swapped);
        File.CreateSymbolicLink(swapped, OutsideFile);

        await using var assembled = await _store.AssembleAsync(chunks, "f.bin");

        Assert.Equal([1], assembled.CorruptChunks);
        Assert.Equal(10, assembled.Size);
    }

    [Fact]
    public async Task A_merged_path_recorded_before_a_rule_was_added_is_still_inspected_and_deleted()
    {
        const string recorded = ".uploader-old.bin";
        File.WriteAllText(_store.MergedPath(recorded), "0123456789");

        Assert.Equal(MergedFileState.Present, await _store.Storage.InspectMergedFileAsync(recorded, 10, null, CancellationToken.None));
        Assert.Equal(MergedFileRemoval.Deleted, await _store.Storage.DeleteMergedFileAsync(recorded, 10, null, CancellationToken.None));
        Assert.False(File.Exists(_store.MergedPath(recorded)));
    }

    [Fact]
    public async Task A_task_folder_swapped_for_a_link_is_unlinked_and_nothing_outside_is_deleted()
    {
        await _store.StoreAsync(0, ChunkBytes.Random(10));
        var taskDir = _store.Layout.TaskDir(_store.TaskId);
        Directory.Delete(taskDir, recursive: true);
        Directory.CreateSymbolicLink(taskDir, _outside.Path);

        var freed = await _store.Storage.DeleteTaskDataAsync(_store.TaskId, CancellationToken.None);

        Assert.Equal(0, freed);
        Assert.False(Path.Exists(taskDir));
        Assert.True(File.Exists(OutsideFile));
    }

    [Fact]
    public async Task A_link_inside_a_task_folder_is_removed_as_a_link()
    {
        await _store.StoreAsync(0, ChunkBytes.Random(10));
        var taskDir = _store.Layout.TaskDir(_store.TaskId);
        Directory.CreateSymbolicLink(Path.Combine(taskDir, "inner"), _outside.Path);
        File.CreateSymbolicLink(Path.Combine(taskDir, "000001.x.chunk"), OutsideFile);

        var freed = await _store.Storage.DeleteTaskDataAsync(_store.TaskId, CancellationToken.None);

        Assert.Equal(10, freed);
        Assert.False(Path.Exists(taskDir));
        Assert.True(File.Exists(OutsideFile));
    }

    [Fact]
    public async Task A_chunk_is_never_committed_into_a_task_folder_that_is_a_link()
    {
        var taskDir = _store.Layout.TaskDir(_store.TaskId);
        Directory.CreateSymbolicLink(taskDir, _outside.Path);

        await Assert.ThrowsAsync<SymbolicLinkRefused>(() => _store.StoreAsync(0, ChunkBytes.Random(10)));

        Assert.Equal([OutsideFile], Directory.GetFileSystemEntries(_outside.Path));
    }

    [Fact]
    public async Task A_chunk_is_never_staged_into_a_staging_folder_that_is_a_link()
    {
        Directory.Delete(_store.Layout.StagingDir);
        Directory.CreateSymbolicLink(_store.Layout.StagingDir, _outside.Path);

        await Assert.ThrowsAsync<SymbolicLinkRefused>(() => _store.StageAsync(ChunkBytes.Random(10)));

        Assert.Equal([OutsideFile], Directory.GetFileSystemEntries(_outside.Path));
    }

    [Fact]
    public async Task A_chunk_delete_through_a_linked_task_folder_deletes_nothing_outside()
    {
        var location = StorageLayout.NewChunkLocation(0);
        File.Copy(OutsideFile, _outside.Combine(location));
        Directory.CreateSymbolicLink(_store.Layout.TaskDir(_store.TaskId), _outside.Path);

        await Assert.ThrowsAsync<SymbolicLinkRefused>(() => _store.Storage.DeleteChunkAsync(_store.TaskId, location, CancellationToken.None));

        Assert.True(File.Exists(_outside.Combine(location)));
    }

    [Fact]
    public async Task Deleting_a_merged_file_through_a_linked_folder_is_refused_and_deletes_nothing_outside()
    {
        Directory.CreateSymbolicLink(_store.MergedPath("linked"), _outside.Path);

        var outcome = await _store.Storage.DeleteMergedFileAsync("linked/precious.txt", 16, null, CancellationToken.None);

        Assert.Equal(MergedFileRemoval.Refused, outcome);
        Assert.True(File.Exists(OutsideFile));
    }

    [Fact]
    public async Task A_recorded_merged_file_behind_a_link_is_not_taken_as_published()
    {
        var bytes = ChunkBytes.Random(10);
        await File.WriteAllBytesAsync(_outside.Combine("f.bin"), bytes);
        Directory.CreateSymbolicLink(_store.MergedPath("linked"), _outside.Path);

        Assert.False(await _store.Storage.HoldsMergedFileAsync("linked/f.bin", 10, ChunkBytes.Md5(bytes), CancellationToken.None));
        Assert.Equal(MergedFileState.Replaced, await _store.Storage.InspectMergedFileAsync("linked/f.bin", 10, null, CancellationToken.None));
    }

    [Fact]
    public async Task The_leftovers_sweep_unlinks_a_linked_task_folder_and_never_enumerates_it()
    {
        var orphan = _store.Layout.TaskDir(Guid.NewGuid());
        Directory.CreateSymbolicLink(orphan, _outside.Path);
        var linkedMerged = _store.MergedPath("linked");
        Directory.CreateSymbolicLink(linkedMerged, _outside.Path);
        var oldTemp = _outside.Combine(".uploader-0123.merging");
        File.WriteAllText(oldTemp, "not ours");
        File.SetLastWriteTimeUtc(oldTemp, DateTime.UtcNow.AddDays(-2));

        await new FileSystemLeftovers(_store.Layout, NullLogger<FileSystemLeftovers>.Instance)
            .RemoveAsync((_, _) => Task.FromResult<IReadOnlySet<Guid>>(new HashSet<Guid>()), DateTime.UtcNow.AddHours(-1), CancellationToken.None);

        Assert.False(Path.Exists(orphan));
        Assert.True(File.Exists(OutsideFile));
        Assert.True(File.Exists(oldTemp));
    }
}
