using System.Security.Cryptography;

namespace Uploader.Api.Tests;

/// <summary>A client-side file of random bytes, cut into chunks of <see cref="ChunkSize"/> bytes, with a unique file_id.</summary>
public sealed class SourceFile
{
    private SourceFile(byte[] bytes, int chunkSize, string name)
    {
        Bytes = bytes;
        ChunkSize = chunkSize;
        Name = name;
    }

    public string FileId { get; } = $"task-{Guid.NewGuid():N}";

    public ReadOnlyMemory<byte> Bytes { get; }

    public int ChunkSize { get; }

    /// <summary>The file's name; unique by default so that tests sharing a server never clash in merged_dir.</summary>
    public string Name { get; }

    public int TotalChunks => Math.Max(1, (Bytes.Length + ChunkSize - 1) / ChunkSize);

    public string Md5 => Md5Hex.Of(Bytes.Span);

    public IEnumerable<int> Indexes => Enumerable.Range(0, TotalChunks);

    public static SourceFile Random(int size, int chunkSize, string? name = null) =>
        new(RandomNumberGenerator.GetBytes(size), chunkSize, name ?? $"file-{Guid.NewGuid():N}.bin");

    public byte[] Chunk(int index) =>
        Bytes[(index * ChunkSize)..Math.Min(Bytes.Length, (index + 1) * ChunkSize)].ToArray();

    /// <summary>The request a well-behaved client sends for chunk <paramref name="index"/>.</summary>
    public ChunkRequest Request(int index) =>
        new(FileId, index, TotalChunks, Bytes.Length, Chunk(index)) { FileName = Name };
}
