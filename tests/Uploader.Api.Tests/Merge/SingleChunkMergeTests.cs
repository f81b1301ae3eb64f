using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Domain.Tasks;
using Uploader.Infrastructure.Persistence;

namespace Uploader.Api.Tests;

/// <summary>A task of one chunk through the real server: published without a copy, and still checked.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SingleChunkMergeTests(UploaderFactory factory) : IClassFixture<UploaderFactory>
{
    private const int Size = 300_000;

    [Fact]
    public async Task The_merged_file_is_the_stored_chunk_itself_with_the_files_md5()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(Size, Size);
        await api.UploadAllAsync(file);
        var chunkInode = await InodeAsync(Assert.Single(await factory.StoredChunksAsync(file.FileId, 0)));

        var merged = await api.MergeOkAsync(file);

        var published = Path.Combine(factory.MergedDir, file.Name);
        Assert.Equal(file.Md5, merged.Str("md5"));
        Assert.Equal(file.Md5, Md5Hex.OfFile(published));
        Assert.Equal(chunkInode, await InodeAsync(published));
    }

    [Fact]
    public async Task A_changed_single_chunk_is_corrupt_and_nothing_is_published()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(Size, Size);
        await api.UploadAllAsync(file);
        var stored = Assert.Single(await factory.StoredChunksAsync(file.FileId, 0));
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[Size / 2] ^= 0x10;
        await File.WriteAllBytesAsync(stored, bytes);

        var problem = await api.MergeAsync(file.FileId, file.Md5).ExpectProblemAsync(422, "corrupt_chunks");

        Assert.Equal([0], problem.Ints("corrupt_chunks"));
        Assert.False(await factory.Stored.MergedExistsAsync(file.Name));
        Assert.Empty(Directory.GetFiles(factory.MergedDir, "*.merging"));
    }

    [Fact]
    public async Task A_chunk_recorded_before_checksums_merges_by_its_md5()
    {
        using var api = factory.CreateApi();
        var file = SourceFile.Random(Size, Size);
        await api.UploadAllAsync(file);
        await ForgetChecksumsAsync(file.FileId);

        Assert.Equal(file.Md5, (await api.MergeOkAsync(file)).Str("md5"));
        Assert.Equal(file.Md5, await factory.Stored.Md5OfMergedAsync(file.Name));
    }

    /// <summary>What a row written before the checksum column has: none.</summary>
    private async Task ForgetChecksumsAsync(string fileId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UploaderDbContext>();
        var taskId = await db.Tasks.Where(t => t.FileId == fileId).Select(t => t.Id).SingleAsync();
        var changed = await db.Chunks
            .Where(c => EF.Property<Guid>(c, "TaskId") == taskId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Checksum, (string?)null));
        Assert.Equal(1, changed);
    }

    private static async Task<string> InodeAsync(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = (await stat.StandardOutput.ReadToEndAsync()).Trim();
        await stat.WaitForExitAsync();
        Assert.Equal(0, stat.ExitCode);
        return inode;
    }
}
