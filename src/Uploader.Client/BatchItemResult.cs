namespace Uploader.Client;

/// <summary>One task's outcome in a batch; <see cref="Code"/> is what the single-task endpoint would have answered.</summary>
public sealed record BatchItemResult
{
    public required string FileId { get; init; }

    public bool Ok { get; init; }

    public string? Code { get; init; }
}
