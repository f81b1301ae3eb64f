using Mediator;

namespace Uploader.Application.Tasks.Commands.MergeChunks;

public sealed record MergeChunksCommand(
    string? FileId,
    string? FileName,
    int? TotalChunks,
    string? RelativePath,
    string? ExpectedMd5) : ICommand<MergeChunksResult>;

public sealed record MergeChunksResult(
    string FileId,
    string FilePath,
    string Md5,
    long Size,
    string RelativePath,
    long MergeTimeMs);
