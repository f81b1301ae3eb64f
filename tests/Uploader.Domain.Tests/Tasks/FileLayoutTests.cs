using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class FileLayoutTests
{
    [Theory]
    [InlineData(10, 3, 4L)]
    [InlineData(12, 3, 4L)]
    [InlineData(10, 3, null)]
    [InlineData(10, 10, null)]
    [InlineData(10, 1, null)]
    [InlineData(10, 1, 10L)]
    [InlineData(10, 1, 64L)]
    public void A_consistent_layout_is_created(long fileSize, int totalChunks, long? chunkSize)
    {
        var layout = FileLayout.Create(fileSize, totalChunks, chunkSize);

        Assert.Equal(fileSize, layout.FileSize);
        Assert.Equal(totalChunks, layout.TotalChunks);
        Assert.Equal(chunkSize, layout.ChunkSize);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1L)]
    [InlineData(1024L)]
    public void An_empty_file_is_one_chunk(long? chunkSize)
    {
        var layout = FileLayout.Create(0, 1, chunkSize);

        Assert.Equal(1, layout.TotalChunks);
    }

    [Theory]
    [InlineData(-1, 1, null)]
    [InlineData(10, 0, null)]
    [InlineData(10, -3, null)]
    [InlineData(3, 4, null)]
    [InlineData(0, 2, null)]
    [InlineData(0, 2, 1L)]
    [InlineData(10, 3, 0L)]
    [InlineData(10, 3, -4L)]
    [InlineData(10, 2, 4L)]
    [InlineData(10, 4, 4L)]
    [InlineData(10, 3, 5L)]
    public void An_inconsistent_layout_is_refused(long fileSize, int totalChunks, long? chunkSize)
    {
        Assert.Throws<InvalidFileLayout>(() => FileLayout.Create(fileSize, totalChunks, chunkSize));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(2, 2)]
    public void Every_chunk_but_the_last_has_the_nominal_size(int index, long expected)
    {
        var layout = FileLayout.Create(10, 3, 4);

        Assert.Equal(expected, layout.ExpectedSizeOf(index));
    }

    [Theory]
    [InlineData(12, 3, 4L, 2, 4)]
    [InlineData(5, 1, 8L, 0, 5)]
    [InlineData(0, 1, 8L, 0, 0)]
    public void The_last_chunk_holds_what_is_left(long fileSize, int totalChunks, long? chunkSize, int index, long expected)
    {
        var layout = FileLayout.Create(fileSize, totalChunks, chunkSize);

        Assert.Equal(expected, layout.ExpectedSizeOf(index));
    }

    [Fact]
    public void Without_a_chunk_size_no_size_is_expected()
    {
        var layout = FileLayout.Create(10, 3, null);

        Assert.Null(layout.ExpectedSizeOf(0));
        Assert.Null(layout.ExpectedSizeOf(2));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(2, 2)]
    public void EnsureChunkFits_accepts_a_chunk_of_its_expected_size(int index, long size)
    {
        Assert.Null(Record.Exception(() => FileLayout.Create(10, 3, 4).EnsureChunkFits(index, size)));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 5)]
    [InlineData(2, 4)]
    [InlineData(2, 0)]
    public void EnsureChunkFits_refuses_another_size_when_the_chunk_size_is_known(int index, long size)
    {
        Assert.Throws<SizeMismatch>(() => FileLayout.Create(10, 3, 4).EnsureChunkFits(index, size));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void EnsureChunkFits_without_a_chunk_size_accepts_any_non_empty_part_of_the_file(long size)
    {
        Assert.Null(Record.Exception(() => FileLayout.Create(10, 3, null).EnsureChunkFits(0, size)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void EnsureChunkFits_refuses_an_empty_chunk_or_one_bigger_than_the_file(long size)
    {
        Assert.Throws<SizeMismatch>(() => FileLayout.Create(10, 3, null).EnsureChunkFits(0, size));
    }

    [Fact]
    public void EnsureChunkFits_accepts_the_empty_chunk_of_an_empty_file()
    {
        Assert.Null(Record.Exception(() => FileLayout.Create(0, 1, null).EnsureChunkFits(0, 0)));
    }

    [Fact]
    public void Layouts_with_the_same_values_are_equal()
    {
        Assert.Equal(FileLayout.Create(10, 3, 4), FileLayout.Create(10, 3, 4));
        Assert.NotEqual(FileLayout.Create(10, 3, 4), FileLayout.Create(10, 3, null));
    }

    [Fact]
    public void EnsureSameAs_accepts_an_identical_layout()
    {
        var layout = FileLayout.Create(10, 3, 4);

        Assert.Null(Record.Exception(() => layout.EnsureSameAs(FileLayout.Create(10, 3, 4))));
    }

    [Fact]
    public void EnsureSameAs_reports_both_values_of_the_differing_field()
    {
        var layout = FileLayout.Create(10, 3, null);

        var error = Assert.Throws<TaskMismatch>(() => layout.EnsureSameAs(FileLayout.Create(11, 3, null)));

        Assert.Equal(TaskField.FileSize, error.Field);
        Assert.Equal("the file size is 11 but the task has 10.", error.Message);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(-1, 3)]
    public void A_chunk_index_outside_0_to_total_is_refused(int index, int total)
    {
        var layout = FileLayout.Create(30, total, null);

        var error = Assert.Throws<ChunkIndexOutOfRange>(() => layout.EnsureChunkFits(index, 10));

        Assert.Contains($"{index}", error.Message, StringComparison.Ordinal);
    }
}
