using Mediator;
using Uploader.Application.Ports;

namespace Uploader.Application.Tasks.Commands.UploadChunk;

/// <summary>
/// Records one chunk whose bytes are already staged. The request reader checks that every required field is
/// present and parses it; the validator checks the ranges. The command owns <see cref="Chunk"/> from the moment
/// it exists: <see cref="Behaviours.StagedChunkLifetimeBehaviour"/> disposes it when the command is done, which
/// removes the staged bytes unless the handler committed them.
/// </summary>
public sealed record UploadChunkCommand(
    string FileId,
    int ChunkIndex,
    int TotalChunks,
    long FileSize,
    long? ChunkSize,
    string? Md5,
    string? FileName,
    string? RelativePath,
    string? PartFileName,
    IStagedChunk Chunk) : ICommand<UploadChunkResult>;

public sealed record UploadChunkResult(
    string FileId,
    int ChunkIndex,
    long Size,
    string Md5,
    bool Md5Checked,
    int UploadedChunks,
    int TotalChunks,
    string RelativePath);
