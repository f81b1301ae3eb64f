using FluentValidation.Results;
using Moq;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.UploadChunk;

namespace Uploader.Application.Tests;

public class UploadChunkValidatorTests
{
    private static readonly UploadChunkCommand Valid = new(
        "file-1", 0, 3, 10, 4, "0cc175b9c0f1b6a831c399e269772661", "report.pdf", null, null, Mock.Of<IStagedChunk>());

    private readonly UploadChunkValidator _validator = new(new UploadPolicy { MaxChunks = 100 });

    [Fact]
    public void A_complete_command_is_valid()
    {
        Assert.True(_validator.Validate(Valid).IsValid);
    }

    [Fact]
    public void The_optional_fields_may_be_left_out()
    {
        var result = _validator.Validate(Valid with { ChunkSize = null, Md5 = null, FileName = null });

        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Total_chunks_must_be_between_1_and_the_policy_maximum(int total)
    {
        var result = _validator.Validate(Valid with { TotalChunks = total, ChunkIndex = 0 });

        Assert.Contains(result.Errors, e => e.PropertyName == "TotalChunks");
    }

    [Fact]
    public void Total_chunks_at_the_policy_maximum_is_valid()
    {
        Assert.True(_validator.Validate(Valid with { TotalChunks = 100 }).IsValid);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0cc175b9c0f1b6a831c399e26977266")]
    [InlineData("0cc175b9c0f1b6a831c399e2697726611")]
    [InlineData("zcc175b9c0f1b6a831c399e269772661")]
    [InlineData("")]
    public void A_malformed_md5_is_refused(string md5)
    {
        AssertOnlyFailure("Md5", _validator.Validate(Valid with { Md5 = md5 }));
    }

    [Fact]
    public void An_upper_case_md5_is_valid()
    {
        Assert.True(_validator.Validate(Valid with { Md5 = "0CC175B9C0F1B6A831C399E269772661" }).IsValid);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(1000)]
    public void A_file_id_longer_than_200_characters_is_refused(int length)
    {
        AssertOnlyFailure("FileId", _validator.Validate(Valid with { FileId = new string('f', length) }));
    }

    [Fact]
    public void A_file_id_of_200_characters_is_valid()
    {
        Assert.True(_validator.Validate(Valid with { FileId = new string('f', 200) }).IsValid);
    }

    [Theory]
    [InlineData("file\u0000id")]
    [InlineData("file\nid")]
    [InlineData("file\u007Fid")]
    [InlineData("")]
    public void An_empty_file_id_or_one_with_control_characters_is_refused(string fileId)
    {
        AssertOnlyFailure("FileId", _validator.Validate(Valid with { FileId = fileId }));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-4L)]
    public void A_chunk_size_below_1_is_refused(long chunkSize)
    {
        AssertOnlyFailure("ChunkSize", _validator.Validate(Valid with { ChunkSize = chunkSize }));
    }

    [Fact]
    public void A_negative_file_size_is_refused()
    {
        AssertOnlyFailure("FileSize", _validator.Validate(Valid with { FileSize = -1 }));
    }

    private static void AssertOnlyFailure(string property, ValidationResult result) =>
        Assert.Equal([property], result.Errors.Select(e => e.PropertyName).Distinct());
}
