using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using Uploader.Application.Errors;
using Uploader.Application.Ports;
using Uploader.Application.Storage;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Resilience;

namespace Uploader.Infrastructure.Storage;

/// <summary>
/// Chunks as files under upload_dir/{task guid}/, one file per stored version
/// (`{index:D6}.{random}.chunk`), written to a staging file first, fsynced and renamed into place.
/// A version is never overwritten, so a reader of a recorded location never sees a mix of two uploads.
/// Below the layout's hard floor of free space no write starts at all.
/// </summary>
public sealed class FileSystemChunkStorage(StorageLayout layout, ResiliencePipelines pipelines, IStorageSpace space) : IChunkStorage, IChunkStaging
{
    internal const int BufferSize = 1024 * 1024;

    public async Task<IStagedChunk> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        EnsureAboveHardFloor(space.Uploads, "upload", "the chunk was not stored");
        layout.CreateFolderBelowUpload(layout.StagingDir);
        var path = layout.UnlinkedBelowUpload(Path.Combine(layout.StagingDir, $"{Guid.NewGuid():N}.part"));
        try
        {
            var (size, md5, checksum) = await WriteAsync(content, path, maxBytes, cancellationToken);
            return new StagedChunkFile(this, path, size, md5, checksum);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public Task DeleteChunkAsync(Guid taskId, string location, CancellationToken cancellationToken) =>
        pipelines.Storage.ExecuteAsync(
            _ =>
            {
                File.Delete(layout.UnlinkedBelowUpload(layout.ChunkPath(taskId, location)));
                return ValueTask.CompletedTask;
            },
            cancellationToken).AsTask();

    public async Task<IAssembledFile> AssembleAsync(
        Guid taskId, IReadOnlyList<ChunkToMerge> chunks, RelativeFilePath target, IProgress<long> written, CancellationToken cancellationToken)
    {
        var targetPath = layout.MergeTarget(target);
        layout.UnlinkedBelowUpload(layout.TaskDir(taskId));
        EnsureAboveHardFloor(space.Merged, "merged", "the chunks are kept");
        var folder = Path.GetDirectoryName(targetPath)!;
        layout.CreateMergedFolder(folder);
        var temp = Path.Combine(folder, StorageLayout.NewMergeTempName(taskId));
        try
        {
            var (size, md5, corrupt) = chunks.Count == 1
                ? await new SingleChunkLink(layout, taskId).MergeAsync(chunks[0], temp, written, cancellationToken)
                : await new ChunkMerger(layout, taskId).MergeAsync(chunks, temp, written, cancellationToken);
            var identity = FileIdentity.Of(temp) ?? throw new IOException($"The merged file '{temp}' vanished as it was written.");
            return new AssembledMergeFile(layout, pipelines, temp, targetPath, size, md5, identity, corrupt);
        }
        catch (IOException ex) when (DiskSpace.IsDiskFull(ex))
        {
            File.Delete(temp);
            throw new InsufficientStorage("The merged folder's volume is full; the chunks are kept.");
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<Stream> OpenChunkAsync(Guid taskId, string location, long size, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(new FileStream(
            layout.UnlinkedBelowUpload(layout.ChunkPath(taskId, location)),
            FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.SequentialScan | FileOptions.Asynchronous));

    /// <summary>
    /// A second name in the other task's folder (<c>link(2)</c>), written now as far as the leftover sweep can tell;
    /// where no link can be made (another file system, none of hard links), a staged copy committed like any chunk.
    /// </summary>
    public async Task<string> LinkChunkAsync(Guid fromTaskId, string location, long size, Guid toTaskId, int index, CancellationToken cancellationToken)
    {
        var source = layout.UnlinkedBelowUpload(layout.ChunkPath(fromTaskId, location));
        var linked = StorageLayout.NewChunkLocation(index);
        var folder = layout.TaskDir(toTaskId);
        layout.CreateFolderBelowUpload(folder);
        var target = layout.UnlinkedBelowUpload(layout.ChunkPath(toTaskId, linked));
        if (!StorageLayout.IsLink(source) && HardLink.TryCreate(source, target))
        {
            File.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            if (layout.Durable)
            {
                DurableFile.SyncDirectory(folder);
            }

            return linked;
        }

        await using var content = await OpenChunkAsync(fromTaskId, location, size, cancellationToken);
        await using var staged = await StageAsync(content, size, cancellationToken);
        return await staged.CommitAsync(toTaskId, index, cancellationToken);
    }

    public Task<IReadOnlySet<string>> ListChunkLocationsAsync(Guid taskId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(ChunkLocations(taskId, DateTime.MaxValue));

    public Task<IReadOnlySet<string>> ListChunkLocationsAsync(Guid taskId, DateTime writtenBefore, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(ChunkLocations(taskId, writtenBefore));

    private HashSet<string> ChunkLocations(Guid taskId, DateTime writtenBefore)
    {
        // A task folder swapped for a link holds none of this task's chunks: what it leads to is never listed.
        var folder = layout.TaskDir(taskId);
        return Directory.Exists(folder) && !StorageLayout.IsLink(folder)
            ? new DirectoryInfo(folder).EnumerateFiles("*.chunk")
                .Where(f => f.LastWriteTimeUtc < writtenBefore)
                .Select(f => f.Name)
                .ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    public Task<long> DeleteMergeTempFilesAsync(Guid taskId, RelativeFilePath target, CancellationToken cancellationToken)
    {
        string folder;
        try
        {
            folder = Path.GetDirectoryName(layout.MergeTarget(target))!;
        }
        catch (InvalidPath)
        {
            // A link on the way: no merge of this task could have written behind it.
            return Task.FromResult(0L);
        }

        long freed = 0;
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, StorageLayout.MergeTempPatternOf(taskId)))
            {
                freed += MeasuredDelete.File(file);
            }
        }

        return Task.FromResult(freed);
    }

    public async Task<long> DeleteTaskDataAsync(Guid taskId, CancellationToken cancellationToken)
    {
        long freed = 0;
        await pipelines.Storage.ExecuteAsync(
            _ =>
            {
                MeasuredDelete.Folder(layout.TaskDir(taskId), ref freed);
                return ValueTask.CompletedTask;
            },
            cancellationToken);
        return freed;
    }

    public async Task<MergedFileRemoval> DeleteMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken)
    {
        var path = layout.MergedFileByText(filePath);
        return await pipelines.Storage.ExecuteAsync(
            _ =>
            {
                if (PassesThroughLink(path))
                {
                    return ValueTask.FromResult(MergedFileRemoval.Refused);
                }

                var state = Inspect(path, size, identity);
                if (state == MergedFileState.Present)
                {
                    MeasuredDelete.File(path);
                }

                return ValueTask.FromResult(state switch
                {
                    MergedFileState.Present => MergedFileRemoval.Deleted,
                    MergedFileState.Missing => MergedFileRemoval.Missing,
                    _ => MergedFileRemoval.Replaced,
                });
            },
            cancellationToken);
    }

    public Task<MergedFileState> InspectMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken) =>
        Task.FromResult(Inspect(layout.MergedFileByText(filePath), size, identity));

    public Task<MergedFileOpening> OpenMergedFileAsync(string filePath, long size, string? identity, CancellationToken cancellationToken)
    {
        var path = layout.MergedFileByText(filePath);
        if (PassesThroughLink(path))
        {
            return Task.FromResult(MergedFileOpening.None(MergedFileState.Replaced));
        }

        FileStream file;
        try
        {
            // No buffer of the FileStream's own: the reader's buffer is the only one, and the kernel reads ahead.
            file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException
            || (ex is UnauthorizedAccessException && Directory.Exists(path)))
        {
            return Task.FromResult(MergedFileOpening.None(MergedFileState.Missing));
        }

        // The identity of what was opened, not of what the path names now: a file swapped in after the link check
        // (through a link, too) is another file, and is never served as this task's.
        var same = identity is null ? file.Length == size : FileIdentity.Of(file.SafeFileHandle) == identity;
        if (!same)
        {
            file.Dispose();
            return Task.FromResult(MergedFileOpening.None(MergedFileState.Replaced));
        }

        return Task.FromResult(MergedFileOpening.Opened(file));
    }

    /// <remarks>A file behind a link is not taken as published: the task is reopened, and merging again refuses the link.</remarks>
    public async Task<bool> HoldsMergedFileAsync(string filePath, long size, string md5, CancellationToken cancellationToken)
    {
        var path = layout.MergedFileByText(filePath);
        return !PassesThroughLink(path) && await PublishedFile.MatchesAsync(path, size, md5, cancellationToken);
    }

    internal async Task<string> CommitAsync(string stagedPath, Guid taskId, int index, CancellationToken cancellationToken)
    {
        var location = StorageLayout.NewChunkLocation(index);
        var folder = layout.TaskDir(taskId);
        await pipelines.Storage.ExecuteAsync(
            _ =>
            {
                MoveIntoTaskFolder(stagedPath, folder, layout.ChunkPath(taskId, location));
                return ValueTask.CompletedTask;
            },
            cancellationToken);
        return location;
    }

    /// <summary>
    /// A removal of the task may delete its folder between its creation and the move (the upload then finds the task
    /// gone when it records the chunk, and removes what it left): the folder is created again, a few times at most.
    /// </summary>
    private void MoveIntoTaskFolder(string stagedPath, string folder, string chunkPath)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            layout.CreateFolderBelowUpload(folder);
            try
            {
                DurableFile.Move(stagedPath, layout.UnlinkedBelowUpload(chunkPath), overwrite: false, layout.Durable);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < attempts && File.Exists(stagedPath))
            {
            }
        }
    }

    /// <summary>
    /// A file is the task's when it has the identity recorded at its merge; a task merged before identities were
    /// recorded only has its size to go by. Behind a link on the way it is not the file the task moved there.
    /// </summary>
    private MergedFileState Inspect(string path, long size, string? identity)
    {
        if (PassesThroughLink(path))
        {
            return MergedFileState.Replaced;
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return MergedFileState.Missing;
        }

        var same = identity is null ? file.Length == size : FileIdentity.Of(path) == identity;
        return same ? MergedFileState.Present : MergedFileState.Replaced;
    }

    private bool PassesThroughLink(string mergedPath)
    {
        try
        {
            layout.UnlinkedBelowMerged(mergedPath);
            return false;
        }
        catch (SymbolicLinkRefused)
        {
            return true;
        }
    }

    /// <summary>Refuses before the first byte: a write that starts below the floor could only make it worse.</summary>
    private void EnsureAboveHardFloor(Func<StorageVolume> measure, string folder, string outcome)
    {
        if (layout.HardFloorBytes <= 0)
        {
            return;
        }

        var free = measure().FreeBytes;
        if (free < layout.HardFloorBytes)
        {
            throw new InsufficientStorage(
                $"The {folder} folder's volume has {free} bytes free, below the floor of {layout.HardFloorBytes} bytes under which nothing is written; {outcome}.");
        }
    }

    /// <summary>
    /// Fills a pooled block from the body, hashes it (md5 and XxHash3 on the same block) and writes it at its offset
    /// with one positional write on the file's handle: one md5 update and one system call per block, nothing copied
    /// in between. A body that hands out a few KiB per read is gathered into whole blocks first.
    /// </summary>
    private async Task<(long Size, string Md5, string Checksum)> WriteAsync(Stream content, string path, long maxBytes, CancellationToken ct)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var checksum = new XxHash3();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long size = 0;
            using (var file = new FileStream(path, CreatedFiles.CreateNew(CreatedFiles.ChunkMode)))
            {
                var handle = file.SafeFileHandle;
                int read;
                while ((read = await content.ReadAtLeastAsync(buffer.AsMemory(0, BufferSize), BufferSize, throwOnEndOfStream: false, ct)) > 0)
                {
                    if (size + read > maxBytes)
                    {
                        throw new ChunkTooLarge(maxBytes);
                    }

                    var block = buffer.AsSpan(0, read);
                    md5.AppendData(block);
                    checksum.Append(block);

                    // Synchronous: a write into the page cache is a memory copy, cheaper than a hop to the thread pool.
                    RandomAccess.Write(handle, block, size);
                    if (layout.Durable)
                    {
                        Writeback.Start(handle, size, read);
                    }

                    size += read;
                }

                if (layout.Durable)
                {
                    file.Flush(flushToDisk: true);
                }
            }

            return (size, Convert.ToHexStringLower(md5.GetHashAndReset()), ChunkChecksum.Text(checksum));
        }
        catch (IOException ex) when (DiskSpace.IsDiskFull(ex))
        {
            throw new InsufficientStorage("The upload folder's volume is full; the chunk was not stored.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
