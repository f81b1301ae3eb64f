using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class Md5DigestTests
{
    private const string Lower = "9e107d9d372bb6826bd81d3542a419d6";

    [Fact]
    public void Digests_differing_only_in_case_are_the_same() => Assert.True(Md5Digest.Same(Lower.ToUpperInvariant(), Lower));

    [Theory]
    [InlineData("9e107d9d372bb6826bd81d3542a419d7")]
    [InlineData("9e107d9d372bb6826bd81d3542a419d")]
    [InlineData(null)]
    public void Other_digests_are_not_the_same(string? other) => Assert.False(Md5Digest.Same(other, Lower));
}
