namespace Uploader.Domain.Errors;

public sealed class ChunkIndexOutOfRange(int index, int totalChunks)
    : DomainException($"Chunk {index} is outside 0..{totalChunks - 1}.")
{
    public int Index { get; } = index;

    public int TotalChunks { get; } = totalChunks;
}

/// <summary>The bytes received or stored do not match the md5 they were declared or recorded with.</summary>
public sealed class ChecksumMismatch(string subject, string expected, string actual)
    : DomainException($"md5 of {subject} is {actual}, expected {expected}.")
{
    public string Expected { get; } = expected;

    public string Actual { get; } = actual;
}

/// <summary>A chunk's byte count breaks the task's size rules, or the chunks do not add up to the file size.</summary>
public sealed class SizeMismatch(string message) : DomainException(message);

public sealed class ChunksMissing(IReadOnlyList<int> missing)
    : DomainException($"{missing.Count} chunk(s) are not stored yet.")
{
    public IReadOnlyList<int> Missing { get; } = missing;
}

public sealed class CorruptChunks(IReadOnlyList<int> corrupt)
    : DomainException($"{corrupt.Count} stored chunk(s) no longer match their recorded md5; send them again.")
{
    public IReadOnlyList<int> Corrupt { get; } = corrupt;
}
