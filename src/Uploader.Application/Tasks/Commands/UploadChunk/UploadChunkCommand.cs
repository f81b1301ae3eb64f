using Mediator;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.UploadChunk;

/// <summary>
/// Records one chunk whose bytes are already staged. Numeric fields are nullable so that a missing
/// field is reported by the validator with the others, not by a parser.
/// </summary>
public sealed record UploadChunkCommand(
    string? FileId,
    int? ChunkIndex,
    int? TotalChunks,
    long? FileSize,
    long? ChunkSize,
    string? Md5,
    string? FileName,
    string? RelativePath,
    string? PartFileName,
    IStagedChunk? Chunk) : ICommand<UploadChunkResult>;

public sealed record UploadChunkResult(
    string FileId,
    int ChunkIndex,
    long Size,
    string Md5,
    bool Md5Checked,
    int UploadedChunks,
    int TotalChunks,
    string RelativePath);
