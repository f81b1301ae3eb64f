using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class ChunkStateTests
{
    private static readonly string StoredMd5 = UploadTaskBuilder.Md5Of(0);

    private static ChunkState StoredChunk() => new UploadTaskBuilder().WithChunks(0).Build().FindChunk(0)!;

    [Fact]
    public void Same_size_and_md5_is_the_same_content()
    {
        Assert.True(StoredChunk().HasSameContent(4, StoredMd5));
    }

    [Fact]
    public void The_md5_comparison_ignores_case()
    {
        var task = new UploadTaskBuilder().WithChunks(0).Build();
        task.AcceptChunk(task.Admit(0, 4, task.Layout), "ABCDEF0123456789ABCDEF0123456789", "loc", UploadTaskBuilder.Later);

        Assert.True(task.FindChunk(0)!.HasSameContent(4, "abcdef0123456789abcdef0123456789"));
    }

    [Fact]
    public void A_replaced_chunk_takes_the_checksum_of_its_new_bytes()
    {
        var task = new UploadTaskBuilder().WithChunks(0).Build();
        task.AcceptChunk(task.Admit(0, 4, task.Layout), StoredMd5, "loc-v2", UploadTaskBuilder.Later, "00000000deadbeef");
        Assert.Equal("00000000deadbeef", task.FindChunk(0)!.Checksum);

        task.AcceptChunk(task.Admit(0, 4, task.Layout), StoredMd5, "loc-v3", UploadTaskBuilder.Later, checksum: null);

        Assert.Null(task.FindChunk(0)!.Checksum);
    }

    [Fact]
    public void Another_size_is_other_content()
    {
        Assert.False(StoredChunk().HasSameContent(3, StoredMd5));
    }

    [Fact]
    public void Another_md5_is_other_content()
    {
        Assert.False(StoredChunk().HasSameContent(4, UploadTaskBuilder.Md5Of(1)));
    }

    [Fact]
    public void A_corrupt_chunk_is_not_usable_and_never_has_the_same_content()
    {
        var task = new UploadTaskBuilder().WithCorruptChunks(0).Build();

        var chunk = task.FindChunk(0)!;
        Assert.Equal(ChunkStatus.Corrupt, chunk.Status);
        Assert.False(chunk.IsUsable);
        Assert.False(chunk.HasSameContent(4, StoredMd5));
    }
}
