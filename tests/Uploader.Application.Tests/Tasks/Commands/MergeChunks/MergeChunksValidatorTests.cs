using Uploader.Application.Tasks.Commands.MergeChunks;

namespace Uploader.Application.Tests;

public class MergeChunksValidatorTests
{
    private static readonly MergeChunksCommand Valid =
        new("file-1", "report.pdf", 3, "docs/report.pdf", "0cc175b9c0f1b6a831c399e269772661");

    private readonly MergeChunksValidator _validator = new();

    [Fact]
    public void A_complete_command_is_valid()
    {
        Assert.True(_validator.Validate(Valid).IsValid);
    }

    [Fact]
    public void Only_the_file_id_is_required()
    {
        Assert.True(_validator.Validate(new MergeChunksCommand("file-1", null, null, null, null)).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a\tb")]
    public void A_missing_or_malformed_file_id_is_refused(string? fileId)
    {
        AssertOnlyFailure("FileId", Valid with { FileId = fileId });
    }

    [Fact]
    public void A_file_id_longer_than_200_characters_is_refused()
    {
        AssertOnlyFailure("FileId", Valid with { FileId = new string('f', 201) });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Total_chunks_below_1_is_refused(int total)
    {
        AssertOnlyFailure("TotalChunks", Valid with { TotalChunks = total });
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0cc175b9c0f1b6a831c399e26977266g")]
    public void A_malformed_expected_md5_is_refused(string md5)
    {
        AssertOnlyFailure("ExpectedMd5", Valid with { ExpectedMd5 = md5 });
    }

    private void AssertOnlyFailure(string property, MergeChunksCommand command) =>
        Assert.Equal([property], _validator.Validate(command).Errors.Select(e => e.PropertyName).Distinct());
}
