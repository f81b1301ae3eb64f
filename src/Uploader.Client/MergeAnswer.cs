namespace Uploader.Client;

/// <summary>The 200 of merge_chunks.</summary>
internal sealed record MergeAnswer
{
    public required string FilePath { get; init; }

    public required string Md5 { get; init; }

    public long Size { get; init; }

    public string? RelativePath { get; init; }
}
