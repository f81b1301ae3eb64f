using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// The merge of a task of one chunk, without a copy: the chunk file gets a second name, the hidden temp name beside the
/// target (<c>link(2)</c>), is read once through it to check it against its record, and becomes the merged file (its
/// mode, an fsync) for the normal publish path. Where no link can be made (the merged folder on another file system:
/// EXDEV; one without hard links; the chunk gone or swapped for a symbolic link) <see cref="ChunkMerger"/> copies it,
/// and names a missing chunk as it always does.
/// </summary>
/// <remarks>
/// The chunk keeps its own name until the task's data is removed after completion, so a publish that is refused
/// (target_exists, a crash) loses nothing: removing the temp name leaves the chunk as it was.
/// The merged file's md5 is the chunk's recorded md5, without hashing, when the bytes read have the recorded size and
/// checksum: staging computed both on the same blocks in one pass and they are recorded together, so bytes with the
/// recorded checksum are the bytes the md5 was computed on, unless a change collides XxHash3-64 (for random rot,
/// 1 in 2^64). A deliberate collision needs write access to upload_dir, which equally allows rewriting a chunk while
/// it is staged or the merged file after it is published; md5 protects against neither. The bytes checked are the
/// bytes published: the same inode, read through the temp name after linking, and no committed chunk version is ever
/// written to (ADR 0002). A chunk recorded without a checksum is checked by its md5 on the same read.
/// </remarks>
internal sealed class SingleChunkLink(StorageLayout layout, Guid taskId, Func<string, string, bool> link)
{
    public SingleChunkLink(StorageLayout layout, Guid taskId)
        : this(layout, taskId, HardLink.TryCreate)
    {
    }

    public async Task<(long Size, string Md5, IReadOnlyList<int> Corrupt)> MergeAsync(
        ChunkToMerge chunk, string outputPath, IProgress<long> written, CancellationToken ct)
    {
        var chunkPath = layout.ChunkPath(taskId, chunk.Location);
        if (StorageLayout.IsLink(chunkPath) || !link(chunkPath, outputPath))
        {
            return await new ChunkMerger(layout, taskId).MergeAsync([chunk], outputPath, written, ct);
        }

        if (StorageLayout.IsLink(outputPath))
        {
            // The chunk was swapped for a symbolic link after the check above, and link(2) linked the link.
            File.Delete(outputPath);
            return await new ChunkMerger(layout, taskId).MergeAsync([chunk], outputPath, written, ct);
        }

        using var file = File.OpenHandle(outputPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);

        // Written now as far as the leftover sweep can tell (it takes a `.merging` file unwritten for an hour as
        // nobody's), however old the chunk is.
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow);
        var (size, intact) = await CheckAsync(chunk, file, ct);
        if (!intact)
        {
            // Never published, so no md5 is computed for it.
            return (size, string.Empty, [chunk.Index]);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, CreatedFiles.AsCreated(CreatedFiles.MergedMode));
        }

        if (layout.Durable)
        {
            // The bytes were fsynced when the chunk was committed; this makes its new mode durable before it counts.
            RandomAccess.FlushToDisk(file);
        }

        written.Report(size);
        return (size, chunk.Md5, []);
    }

    private static async Task<(long Size, bool Intact)> CheckAsync(ChunkToMerge chunk, SafeFileHandle file, CancellationToken ct)
    {
        using var check = ChunkCheck.For(chunk);
        var buffer = ArrayPool<byte>.Shared.Rent(FileSystemChunkStorage.BufferSize);
        try
        {
            int read;
            while (!check.Overrun
                && (read = await RandomAccess.ReadAsync(file, buffer.AsMemory(0, FileSystemChunkStorage.BufferSize), check.Size, ct)) > 0)
            {
                check.Append(buffer.AsSpan(0, read));
            }

            return (check.Size, check.Intact());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
