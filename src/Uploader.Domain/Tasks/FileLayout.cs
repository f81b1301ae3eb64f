using System.Globalization;
using Uploader.Domain.Errors;

namespace Uploader.Domain.Tasks;

/// <summary>How a file is cut into chunks: its size, the chunk count and, optionally, the nominal chunk size.</summary>
public sealed record FileLayout
{
    private FileLayout(long fileSize, int totalChunks, long? chunkSize)
    {
        FileSize = fileSize;
        TotalChunks = totalChunks;
        ChunkSize = chunkSize;
    }

    public long FileSize { get; }

    public int TotalChunks { get; }

    public long? ChunkSize { get; }

    public static FileLayout Create(long fileSize, int totalChunks, long? chunkSize)
    {
        if (fileSize < 0)
        {
            throw new InvalidFileLayout(FileLayoutRule.NegativeFileSize, "the file size cannot be negative.");
        }

        if (totalChunks < 1)
        {
            throw new InvalidFileLayout(FileLayoutRule.NoChunks, "a file has at least 1 chunk.");
        }

        // Every chunk holds at least one byte, except the single chunk of an empty file.
        if (totalChunks > Math.Max(fileSize, 1))
        {
            throw new InvalidFileLayout(FileLayoutRule.MoreChunksThanBytes, $"{totalChunks} chunks cannot each hold bytes of a {fileSize}-byte file.");
        }

        if (chunkSize is { } nominal)
        {
            if (nominal < 1)
            {
                throw new InvalidFileLayout(FileLayoutRule.ChunkSizeBelowOne, "the chunk size must be at least 1.");
            }

            var expectedChunks = fileSize == 0 ? 1 : ((fileSize - 1) / nominal) + 1;
            if (expectedChunks != totalChunks)
            {
                throw new InvalidFileLayout(
                    FileLayoutRule.ChunkCountDisagreesWithChunkSize,
                    $"a {fileSize}-byte file in chunks of {nominal} bytes has {expectedChunks} chunks, not {totalChunks}.");
            }
        }

        return new FileLayout(fileSize, totalChunks, chunkSize);
    }

    /// <summary>The size chunk <paramref name="index"/> must have, when the nominal chunk size is known.</summary>
    public long? ExpectedSizeOf(int index) =>
        ChunkSize is not { } nominal ? null
        : index < TotalChunks - 1 ? nominal
        : FileSize - (nominal * (TotalChunks - 1));

    /// <summary>Refuses a chunk outside this layout's indexes, or one whose byte count breaks its size rules.</summary>
    public void EnsureChunkFits(int index, long size)
    {
        if (index < 0 || index >= TotalChunks)
        {
            throw new ChunkIndexOutOfRange(index, TotalChunks);
        }

        if (ExpectedSizeOf(index) is { } expected && size != expected)
        {
            throw new SizeMismatch($"chunk {index} has {size} bytes; with a chunk size of {ChunkSize} it must have {expected}.");
        }

        if (size > FileSize)
        {
            throw new SizeMismatch($"chunk {index} has {size} bytes, more than the whole file ({FileSize}).");
        }

        if (size == 0 && FileSize > 0)
        {
            throw new SizeMismatch($"chunk {index} is empty.");
        }
    }

    /// <summary>The same file and chunk count with no nominal chunk size.</summary>
    public FileLayout WithoutChunkSize() => Create(FileSize, TotalChunks, null);

    /// <summary>Refuses a request whose declared layout differs from the task's.</summary>
    public void EnsureSameAs(FileLayout requested)
    {
        if (requested.TotalChunks != TotalChunks)
        {
            throw new TaskMismatch(TaskField.TotalChunks, Text(TotalChunks), Text(requested.TotalChunks));
        }

        if (requested.FileSize != FileSize)
        {
            throw new TaskMismatch(TaskField.FileSize, Text(FileSize), Text(requested.FileSize));
        }

        if (requested.ChunkSize is { } chunkSize && chunkSize != ChunkSize)
        {
            throw new TaskMismatch(TaskField.ChunkSize, ChunkSize is { } own ? Text(own) : "none", Text(chunkSize));
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
