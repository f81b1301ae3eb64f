using System.Net;
using Amazon.S3.Model;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Storage.S3;

namespace Uploader.Infrastructure.Tests.S3.Adapter;

/// <summary>The S3 adapter through the real SDK against s3rver: chunks, merges, downloads and removal.</summary>
public sealed class S3ChunkStorageTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_committed_chunk_is_one_object_under_its_tasks_prefix_with_exactly_its_bytes_and_staging_is_emptied()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var bytes = ChunkBytes.Random(300_000);

        var chunk = await store.StoreAsync(4, bytes);

        Assert.Equal([store.ChunkKey(chunk)], await store.KeysAsync());
        Assert.StartsWith($"deploy/tasks/{store.TaskId:N}/000004.", store.ChunkKey(chunk), StringComparison.Ordinal);
        Assert.Equal(bytes, await store.ReadAsync(store.ChunkKey(chunk)));
        Assert.Equal(ChunkBytes.Md5(bytes), chunk.Md5);
        Assert.Empty(store.LocalFiles);
    }

    [Fact]
    public async Task A_chunk_sent_again_is_a_new_version_beside_the_first_which_stays_until_deleted()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var first = await store.StoreAsync(0, ChunkBytes.Random(1000));
        var second = await store.StoreAsync(0, ChunkBytes.Random(1000));

        var listed = await store.Storage.ListChunkLocationsAsync(store.TaskId, CancellationToken.None);
        await store.Storage.DeleteChunkAsync(store.TaskId, first.Location, CancellationToken.None);

        Assert.Equal(new HashSet<string>([first.Location, second.Location]), listed.ToHashSet());
        Assert.Equal([second.Location], await store.Storage.ListChunkLocationsAsync(store.TaskId, CancellationToken.None));
    }

    [Fact]
    public async Task Listing_before_a_time_leaves_out_versions_written_after_it()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        await store.StoreAsync(0, ChunkBytes.Random(10));

        var before = await store.Storage.ListChunkLocationsAsync(store.TaskId, DateTime.UtcNow.AddMinutes(-5), CancellationToken.None);
        var after = await store.Storage.ListChunkLocationsAsync(store.TaskId, DateTime.UtcNow.AddMinutes(5), CancellationToken.None);

        Assert.Empty(before);
        Assert.Single(after);
    }

    [Fact]
    public async Task Small_chunks_merge_into_one_object_that_appears_only_when_published_with_the_files_md5()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        byte[][] parts = [ChunkBytes.Random(MiB), ChunkBytes.Random(MiB), ChunkBytes.Random(12345)];
        var whole = parts.SelectMany(p => p).ToArray();
        var chunks = await store.StoreAllAsync(parts);
        var written = new WrittenBytes();

        await using var assembled = await store.AssembleAsync(chunks, "docs/report.bin", written);
        var hiddenBeforePublish = (await store.KeysAsync()).Contains(store.MergedKey("docs/report.bin"));
        var path = await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None);
        var published = await assembled.PublishAsync(path, ConflictPolicy.Rename, CancellationToken.None);

        Assert.False(hiddenBeforePublish);
        Assert.True(published);
        Assert.Equal("docs/report.bin", path);
        Assert.Equal(ChunkBytes.Md5(whole), assembled.Md5);
        Assert.Equal(whole.Length, assembled.Size);
        Assert.Empty(assembled.CorruptChunks);
        Assert.Equal(whole, await store.ReadAsync(store.MergedKey(path)));
        Assert.Equal(whole.Length, written.Reports[^1]);
        Assert.Equal(MergedFileState.Present, await store.Storage.InspectMergedFileAsync(path, whole.Length, assembled.Identity, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_larger_than_a_part_is_sent_as_a_multipart_upload_that_is_invisible_until_completed()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        byte[][] parts = [ChunkBytes.Random(5 * MiB), ChunkBytes.Random(5 * MiB), ChunkBytes.Random(5 * MiB), ChunkBytes.Random(3 * MiB + 7)];
        var whole = parts.SelectMany(p => p).ToArray();
        var chunks = await store.StoreAllAsync(parts);

        await using var assembled = await store.AssembleAsync(chunks, "big.bin");
        var keysBeforePublish = await store.KeysAsync();
        var stagedWhileAssembled = store.LocalFiles;
        var path = await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None);
        Assert.True(await assembled.PublishAsync(path, ConflictPolicy.Rename, CancellationToken.None));

        Assert.DoesNotContain(store.MergedKey("big.bin"), keysBeforePublish);
        Assert.Empty(stagedWhileAssembled);
        Assert.Equal(ChunkBytes.Md5(whole), assembled.Md5);
        Assert.Equal(whole, await store.ReadAsync(store.MergedKey("big.bin")));
        var head = await s3.Client.GetObjectMetadataAsync(store.Settings.Bucket, store.MergedKey("big.bin"));
        Assert.Equal(assembled.Identity, head.Metadata[S3Keys.IdentityMetadata]);
    }

    [Fact]
    public async Task Chunks_that_fit_the_part_rules_are_sent_when_the_store_answers_part_copy_with_501_and_later_merges_send_at_once()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        byte[][] first = [ChunkBytes.Random(5 * MiB), ChunkBytes.Random(MiB)];
        byte[][] second = [ChunkBytes.Random(6 * MiB), ChunkBytes.Random(2 * MiB)];
        var firstChunks = await store.StoreAllAsync(first);
        var refusedBefore = store.Bucket.RefusesPartCopy;

        await using (var assembled = await store.AssembleAsync(firstChunks, "first.bin"))
        {
            Assert.True(await assembled.PublishAsync(await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None), ConflictPolicy.Rename, CancellationToken.None));
            Assert.Equal(ChunkBytes.Md5([.. first.SelectMany(c => c)]), assembled.Md5);
        }

        var refusedAfter = store.Bucket.RefusesPartCopy;
        var secondChunks = await store.StoreAllAsync(second);
        await using (var assembled = await store.AssembleAsync(secondChunks, "second.bin"))
        {
            Assert.True(await assembled.PublishAsync(await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None), ConflictPolicy.Rename, CancellationToken.None));
        }

        Assert.False(refusedBefore);
        Assert.True(refusedAfter);
        Assert.Equal(first.SelectMany(c => c).ToArray(), await store.ReadAsync(store.MergedKey("first.bin")));
        Assert.Equal(second.SelectMany(c => c).ToArray(), await store.ReadAsync(store.MergedKey("second.bin")));
        Assert.Empty(store.LocalFiles);
    }

    [Fact]
    public async Task A_chunk_object_whose_bytes_changed_or_vanished_is_named_corrupt_and_nothing_is_published()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var chunks = await store.StoreAllAsync([ChunkBytes.Random(1000), ChunkBytes.Random(1000), ChunkBytes.Random(1000)]);
        await store.PutAsync(store.ChunkKey(chunks[0]), ChunkBytes.Random(1000));
        await s3.Client.DeleteObjectAsync(store.Settings.Bucket, store.ChunkKey(chunks[2]));

        await using (var assembled = await store.AssembleAsync(chunks, "rot.bin"))
        {
            Assert.Equal([0, 2], assembled.CorruptChunks);
            await Assert.ThrowsAsync<InvalidOperationException>(() => assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None));
        }

        Assert.DoesNotContain(store.MergedKey("rot.bin"), await store.KeysAsync());
        Assert.Empty(store.LocalFiles);
    }

    [Fact]
    public async Task A_chunk_object_longer_than_recorded_is_corrupt()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var chunks = await store.StoreAllAsync([ChunkBytes.Random(1000), ChunkBytes.Random(1000)]);
        await store.PutAsync(store.ChunkKey(chunks[1]), ChunkBytes.Random(1001));

        await using var assembled = await store.AssembleAsync(chunks, "long.bin");

        Assert.Equal([1], assembled.CorruptChunks);
    }

    [Fact]
    public async Task An_unpublished_multipart_merge_leaves_no_object_under_the_merged_key_once_disposed()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var chunks = await store.StoreAllAsync([ChunkBytes.Random(9 * MiB), ChunkBytes.Random(MiB)]);

        await (await store.AssembleAsync(chunks, "dropped.bin")).DisposeAsync();

        // s3rver answers AbortMultipartUpload with 405 (ADR 0011): what shows here is that nothing became visible and
        // no part file stayed on local disk, not that the store dropped the upload.
        Assert.DoesNotContain(store.MergedKey("dropped.bin"), await store.KeysAsync());
        Assert.Empty(store.LocalFiles);
    }

    [Fact]
    public async Task Rename_picks_the_first_free_numbered_name_before_uploading_and_keeps_the_existing_object()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var existing = ChunkBytes.Random(10);
        await store.PutAsync(store.MergedKey("a/report.pdf"), existing);
        await store.PutAsync(store.MergedKey("a/report (1).pdf"), existing);
        var chunks = await store.StoreAllAsync([ChunkBytes.Random(100)]);

        await using var assembled = await store.AssembleAsync(chunks, "a/report.pdf");
        var path = await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None);
        Assert.True(await assembled.PublishAsync(path, ConflictPolicy.Rename, CancellationToken.None));

        Assert.Equal("a/report (2).pdf", path);
        Assert.Equal(existing, await store.ReadAsync(store.MergedKey("a/report.pdf")));
    }

    [Fact]
    public async Task Reject_refuses_a_taken_name_with_target_exists()
    {
        using var store = await S3TempStorage.StartAsync(s3, ConflictPolicy.Reject);
        await store.PutAsync(store.MergedKey("taken.bin"), ChunkBytes.Random(10));
        var chunks = await store.StoreAllAsync([ChunkBytes.Random(100)]);

        await Assert.ThrowsAsync<TargetExists>(() => store.AssembleAsync(chunks, "taken.bin"));
    }

    [Fact]
    public async Task A_name_taken_between_choice_and_publication_is_not_overwritten_and_the_next_choice_is_uploaded_again()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        byte[][] parts = [ChunkBytes.Random(9 * MiB), ChunkBytes.Random(MiB)];
        var whole = parts.SelectMany(p => p).ToArray();
        var chunks = await store.StoreAllAsync(parts);
        var racer = ChunkBytes.Random(10);

        await using var assembled = await store.AssembleAsync(chunks, "race.bin");
        var first = await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None);
        await store.PutAsync(store.MergedKey(first), racer);
        var firstPublished = await assembled.PublishAsync(first, ConflictPolicy.Rename, CancellationToken.None);
        var second = await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None);
        var secondPublished = await assembled.PublishAsync(second, ConflictPolicy.Rename, CancellationToken.None);

        Assert.False(firstPublished);
        Assert.True(secondPublished);
        Assert.Equal("race (1).bin", second);
        Assert.Equal(racer, await store.ReadAsync(store.MergedKey("race.bin")));
        Assert.Equal(whole, await store.ReadAsync(store.MergedKey("race (1).bin")));
    }

    [Fact]
    public async Task A_single_part_file_whose_name_was_taken_meanwhile_is_put_under_the_next_name_without_a_second_read()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var bytes = ChunkBytes.Random(5000);
        var chunks = await store.StoreAllAsync([bytes]);
        var written = new WrittenBytes();

        await using (var assembled = await store.AssembleAsync(chunks, "small.bin", written))
        {
            var first = await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None);
            await store.PutAsync(store.MergedKey(first), ChunkBytes.Random(10));
            Assert.False(await assembled.PublishAsync(first, ConflictPolicy.Rename, CancellationToken.None));
            var second = await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None);
            Assert.True(await assembled.PublishAsync(second, ConflictPolicy.Rename, CancellationToken.None));
            Assert.Equal("small (1).bin", second);
        }

        Assert.Equal(bytes, await store.ReadAsync(store.MergedKey("small (1).bin")));
        Assert.Equal(bytes.Length, written.Reports[^1]);
        Assert.Single(written.Reports);
        Assert.Empty(store.LocalFiles);
    }

    [Fact]
    public async Task Overwrite_replaces_an_existing_object_and_the_old_identity_no_longer_matches()
    {
        using var store = await S3TempStorage.StartAsync(s3, ConflictPolicy.Overwrite);
        var (firstIdentity, _) = await MergeAsync(store, ChunkBytes.Random(100), "same.bin", ConflictPolicy.Overwrite);
        var (secondIdentity, bytes) = await MergeAsync(store, ChunkBytes.Random(200), "same.bin", ConflictPolicy.Overwrite);

        Assert.Equal(bytes, await store.ReadAsync(store.MergedKey("same.bin")));
        Assert.Equal(MergedFileState.Replaced, await store.Storage.InspectMergedFileAsync("same.bin", 200, firstIdentity, CancellationToken.None));
        Assert.Equal(MergedFileState.Present, await store.Storage.InspectMergedFileAsync("same.bin", 200, secondIdentity, CancellationToken.None));
        Assert.Equal(MergedFileState.Missing, await store.Storage.InspectMergedFileAsync("other.bin", 200, secondIdentity, CancellationToken.None));
    }

    [Fact]
    public async Task The_opened_object_reads_in_full_and_from_any_position_it_is_seeked_to()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var bytes = ChunkBytes.Random(3 * MiB + 11);
        var (identity, _) = await MergeAsync(store, bytes, "read.bin", ConflictPolicy.Rename);

        var opening = await store.Storage.OpenMergedFileAsync("read.bin", bytes.Length, identity, CancellationToken.None);
        await using var content = opening.Content!;
        var all = new MemoryStream();
        await content.CopyToAsync(all);
        content.Seek(2 * MiB, SeekOrigin.Begin);
        var tail = new byte[100];
        await content.ReadExactlyAsync(tail);

        Assert.Equal(MergedFileState.Present, opening.State);
        Assert.True(content.CanSeek);
        Assert.Equal(bytes.Length, content.Length);
        Assert.Equal(bytes, all.ToArray());
        Assert.Equal(bytes.AsSpan(2 * MiB, 100).ToArray(), tail);
    }

    [Fact]
    public async Task An_object_replaced_under_the_key_is_not_opened_nor_deleted_as_the_tasks()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var (identity, _) = await MergeAsync(store, ChunkBytes.Random(100), "swap.bin", ConflictPolicy.Rename);
        var other = ChunkBytes.Random(100);
        await store.PutAsync(store.MergedKey("swap.bin"), other);

        var opening = await store.Storage.OpenMergedFileAsync("swap.bin", 100, identity, CancellationToken.None);
        var removal = await store.Storage.DeleteMergedFileAsync("swap.bin", 100, identity, CancellationToken.None);

        Assert.Equal(MergedFileState.Replaced, opening.State);
        Assert.Null(opening.Content);
        Assert.Equal(MergedFileRemoval.Replaced, removal);
        Assert.Equal(other, await store.ReadAsync(store.MergedKey("swap.bin")));
    }

    [Fact]
    public async Task Deleting_the_tasks_own_object_removes_it_and_a_second_delete_finds_it_missing()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var (identity, _) = await MergeAsync(store, ChunkBytes.Random(100), "gone.bin", ConflictPolicy.Rename);

        var first = await store.Storage.DeleteMergedFileAsync("gone.bin", 100, identity, CancellationToken.None);
        var second = await store.Storage.DeleteMergedFileAsync("gone.bin", 100, identity, CancellationToken.None);

        Assert.Equal(MergedFileRemoval.Deleted, first);
        Assert.Equal(MergedFileRemoval.Missing, second);
        Assert.DoesNotContain(store.MergedKey("gone.bin"), await store.KeysAsync());
    }

    [Fact]
    public async Task A_recorded_path_with_a_dot_segment_is_refused_before_any_call()
    {
        using var store = await S3TempStorage.StartAsync(s3);

        await Assert.ThrowsAsync<Domain.Errors.InvalidPath>(() => store.Storage.InspectMergedFileAsync("a/../../b", 1, null, CancellationToken.None));
    }

    [Fact]
    public async Task Holds_merged_file_reads_the_object_back_and_compares_its_md5()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var bytes = ChunkBytes.Random(2000);
        await MergeAsync(store, bytes, "held.bin", ConflictPolicy.Rename);

        Assert.True(await store.Storage.HoldsMergedFileAsync("held.bin", bytes.Length, ChunkBytes.Md5(bytes), CancellationToken.None));
        Assert.False(await store.Storage.HoldsMergedFileAsync("held.bin", bytes.Length, ChunkBytes.Md5([1, 2, 3]), CancellationToken.None));
        Assert.False(await store.Storage.HoldsMergedFileAsync("held.bin", bytes.Length + 1, ChunkBytes.Md5(bytes), CancellationToken.None));
        Assert.False(await store.Storage.HoldsMergedFileAsync("missing.bin", bytes.Length, ChunkBytes.Md5(bytes), CancellationToken.None));
    }

    [Fact]
    public async Task Deleting_task_data_removes_every_chunk_object_of_the_task_and_only_those()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        await store.StoreAllAsync([ChunkBytes.Random(100), ChunkBytes.Random(200)]);
        var otherTask = Guid.NewGuid();
        await store.StoreAsync(0, ChunkBytes.Random(50), otherTask);

        var freed = await store.Storage.DeleteTaskDataAsync(store.TaskId, CancellationToken.None);

        Assert.Equal(300, freed);
        Assert.Empty(await store.Storage.ListChunkLocationsAsync(store.TaskId, CancellationToken.None));
        Assert.Single(await store.Storage.ListChunkLocationsAsync(otherTask, CancellationToken.None));
    }

    [Fact]
    public async Task The_leftovers_sweep_removes_chunk_objects_of_tasks_without_a_row_and_keeps_live_ones()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        await store.StoreAsync(0, ChunkBytes.Random(100));
        var dead = Guid.NewGuid();
        await store.StoreAsync(0, ChunkBytes.Random(70), dead);
        await store.StoreAsync(1, ChunkBytes.Random(30), dead);
        await store.PutAsync(store.Keys.TasksRoot + "not-a-task/x", ChunkBytes.Random(5));

        var removal = await store.Leftovers.RemoveAsync(
            (ids, _) => Task.FromResult<IReadOnlySet<Guid>>(ids.Where(id => id == store.TaskId).ToHashSet()),
            DateTime.UtcNow.AddHours(-1),
            CancellationToken.None);

        Assert.Equal(1, removal.TaskFolders);
        Assert.Equal(100, removal.FreedBytes);
        Assert.Empty(await store.Storage.ListChunkLocationsAsync(dead, CancellationToken.None));
        Assert.Single(await store.Storage.ListChunkLocationsAsync(store.TaskId, CancellationToken.None));
        Assert.Contains(store.Keys.TasksRoot + "not-a-task/x", await store.KeysAsync());
    }

    [Fact]
    public async Task A_presigned_link_downloads_the_merged_object_without_credentials_under_the_download_name()
    {
        using var store = await S3TempStorage.StartAsync(s3);
        var bytes = ChunkBytes.Random(5000);
        await MergeAsync(store, bytes, "docs/r.bin", ConflictPolicy.Rename);

        var link = await store.Links.LinkAsync("docs/r.bin", "Bericht März.bin", CancellationToken.None);
        using var http = new HttpClient();
        using var answer = await http.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(bytes, await answer.Content.ReadAsByteArrayAsync());
        Assert.Contains("X-Amz-Signature=", link.Query, StringComparison.Ordinal);
        Assert.Equal("Bericht März.bin", answer.Content.Headers.ContentDisposition?.FileNameStar);
    }

    /// <summary>Stores <paramref name="bytes"/> as a task of one chunk (a task of its own) and publishes it at <paramref name="target"/>.</summary>
    private static async Task<(string Identity, byte[] Bytes)> MergeAsync(S3TempStorage store, byte[] bytes, string target, ConflictPolicy onConflict)
    {
        var taskId = Guid.NewGuid();
        ChunkToMerge[] chunks = [await store.StoreAsync(0, bytes, taskId)];
        await using var assembled = await store.Storage.AssembleAsync(taskId, chunks, RelativeFilePath.Parse(target), new WrittenBytes(), CancellationToken.None);
        var path = await assembled.ChooseTargetAsync(onConflict, CancellationToken.None);
        Assert.True(await assembled.PublishAsync(path, onConflict, CancellationToken.None));
        return (assembled.Identity, bytes);
    }
}
