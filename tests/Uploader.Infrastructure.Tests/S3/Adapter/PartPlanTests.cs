using Uploader.Infrastructure.Storage.S3;

namespace Uploader.Infrastructure.Tests.S3.Adapter;

public sealed class PartPlanTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(new[] { 5 * MiB, 1 })]
    [InlineData(new[] { 8 * MiB, 8 * MiB, 8 * MiB })]
    [InlineData(new[] { 5L * 1024 * MiB, 5 * MiB })]
    public void Chunks_of_5_MiB_to_5_GiB_with_any_last_but_empty_are_copied_as_parts(long[] sizes) =>
        Assert.True(PartPlan.CopiesChunksAsParts(sizes));

    [Theory]
    [InlineData(new[] { 5 * MiB })]
    [InlineData(new[] { 5 * MiB - 1, 5 * MiB })]
    [InlineData(new[] { 5 * MiB, 0 })]
    [InlineData(new[] { 5L * 1024 * MiB + 1, 1 })]
    [InlineData(new[] { 5 * MiB, 5L * 1024 * MiB + 1 })]
    public void One_chunk_a_small_one_before_the_last_an_empty_last_or_one_over_5_GiB_is_not(long[] sizes) =>
        Assert.False(PartPlan.CopiesChunksAsParts(sizes));

    [Fact]
    public void At_most_10000_chunks_are_copied_as_parts()
    {
        Assert.True(PartPlan.CopiesChunksAsParts(Enumerable.Repeat(5 * MiB, 10_000).ToArray()));
        Assert.False(PartPlan.CopiesChunksAsParts(Enumerable.Repeat(5 * MiB, 10_001).ToArray()));
    }
}
