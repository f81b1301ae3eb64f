namespace Uploader.Infrastructure.Persistence;

/// <summary>
/// One chunk row to write, as the columns and provider values EF's model gives it (so a column added to the model is
/// written too). <see cref="ReplacedLocation"/> is the version the row held when loaded: null for a new row.
/// </summary>
internal sealed record ChunkRow(
    Guid TaskId, string FileId, int Index, IReadOnlyList<KeyValuePair<string, object?>> Columns, string? ReplacedLocation);
