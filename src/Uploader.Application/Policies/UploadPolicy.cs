namespace Uploader.Application.Policies;

public enum ConflictPolicy
{
    Rename,
    Overwrite,
    Reject,
}

/// <summary>The operator's limits and choices that shape how uploads are accepted (config.json).</summary>
public sealed record UploadPolicy
{
    public long MaxFileSize { get; init; } = 10L * 1024 * 1024 * 1024;

    public long MaxChunkSize { get; init; } = 100L * 1024 * 1024;

    public int MaxChunks { get; init; } = 10_000;

    public bool EnableIntegrityCheck { get; init; } = true;

    /// <summary>Lower-case extensions with their dot; empty means any.</summary>
    public IReadOnlyList<string> AllowedExtensions { get; init; } = [];

    public ConflictPolicy OnConflict { get; init; } = ConflictPolicy.Rename;

    public bool AllowsExtension(string extension) =>
        AllowedExtensions.Count == 0 || AllowedExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
}
