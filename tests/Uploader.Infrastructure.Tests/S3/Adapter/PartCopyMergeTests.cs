using Amazon.S3.Model;
using Uploader.Application.Policies;

namespace Uploader.Infrastructure.Tests.S3.Adapter;

/// <summary>
/// The server-side merge (UploadPartCopy) on Ceph radosgw, which does copy parts, counts multipart uploads and checks
/// Content-MD5: what s3rver cannot show about the adapter.
/// </summary>
[Collection(SharedCephRgw.Name)]
public sealed class PartCopyMergeTests(CephRgwFixture rgw)
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task Chunks_that_fit_the_part_rules_become_the_parts_one_each_with_the_files_md5_and_no_upload_left_open()
    {
        using var store = await S3TempStorage.StartAsync(rgw);
        byte[][] parts = [ChunkBytes.Random(5 * MiB), ChunkBytes.Random(5 * MiB), ChunkBytes.Random(5 * MiB), ChunkBytes.Random(3 * MiB + 7)];
        var whole = parts.SelectMany(p => p).ToArray();
        var chunks = await store.StoreAllAsync(parts);

        await using var assembled = await store.AssembleAsync(chunks, "copied.bin");
        var keysBeforePublish = await store.KeysAsync();
        Assert.True(await assembled.PublishAsync(await assembled.ChooseTargetAsync(ConflictPolicy.Rename, CancellationToken.None), ConflictPolicy.Rename, CancellationToken.None));
        var head = await rgw.Client.GetObjectMetadataAsync(store.Settings.Bucket, store.MergedKey("copied.bin"));

        // Sent parts would be cut at 8 MiB (three of them); four parts are the four chunk objects, copied by the store.
        Assert.EndsWith("-4\"", head.ETag, StringComparison.Ordinal);
        Assert.False(store.Bucket.RefusesPartCopy);
        Assert.DoesNotContain(store.MergedKey("copied.bin"), keysBeforePublish);
        Assert.Equal(ChunkBytes.Md5(whole), assembled.Md5);
        Assert.Equal(whole, await store.ReadAsync(store.MergedKey("copied.bin")));
        Assert.Empty(await OpenUploadsAsync(store));
        Assert.Empty(store.LocalFiles);
    }

    [Fact]
    public async Task A_chunk_object_changed_after_it_was_recorded_is_named_corrupt_nothing_is_published_and_the_upload_is_aborted()
    {
        using var store = await S3TempStorage.StartAsync(rgw);
        var chunks = await store.StoreAllAsync([ChunkBytes.Random(5 * MiB), ChunkBytes.Random(5 * MiB), ChunkBytes.Random(MiB)]);
        await store.PutAsync(store.ChunkKey(chunks[1]), ChunkBytes.Random(5 * MiB));

        await using (var assembled = await store.AssembleAsync(chunks, "rot.bin"))
        {
            Assert.Equal([1], assembled.CorruptChunks);
        }

        Assert.DoesNotContain(store.MergedKey("rot.bin"), await store.KeysAsync());
        Assert.Empty(await OpenUploadsAsync(store));
    }

    [Fact]
    public async Task An_unpublished_copied_merge_is_aborted_when_disposed()
    {
        using var store = await S3TempStorage.StartAsync(rgw);
        var chunks = await store.StoreAllAsync([ChunkBytes.Random(5 * MiB), ChunkBytes.Random(MiB)]);

        var assembled = await store.AssembleAsync(chunks, "dropped.bin");
        var openWhileAssembled = await OpenUploadsAsync(store);
        await assembled.DisposeAsync();

        Assert.Single(openWhileAssembled);
        Assert.Empty(await OpenUploadsAsync(store));
        Assert.DoesNotContain(store.MergedKey("dropped.bin"), await store.KeysAsync());
    }

    private async Task<List<MultipartUpload>> OpenUploadsAsync(S3TempStorage store) =>
        (await rgw.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = store.Settings.Bucket })).MultipartUploads ?? [];
}
