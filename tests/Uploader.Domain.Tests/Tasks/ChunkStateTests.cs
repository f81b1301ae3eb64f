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
        task.AcceptChunk(0, 4, "ABCDEF0123456789ABCDEF0123456789", "loc", UploadTaskBuilder.Later);

        Assert.True(task.FindChunk(0)!.HasSameContent(4, "abcdef0123456789abcdef0123456789"));
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
