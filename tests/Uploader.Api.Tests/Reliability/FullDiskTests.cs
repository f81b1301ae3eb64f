using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Uploader.Api.Tests;

/// <summary>
/// A small tmpfs volume mounted for one test (needs root; this machine and CI run tests as root). Unmounted on
/// dispose whatever happened, with a lazy unmount as the fallback, then its mount point is removed.
/// </summary>
public sealed class TmpfsVolume : IDisposable
{
    private TmpfsVolume(string path) => Path = path;

    public string Path { get; }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public static TmpfsVolume Mount(long sizeBytes)
    {
        var uid = Run("id", "-u");
        if (uid.Code != 0 || uid.Output.Trim() != "0")
        {
            throw new XunitException(
                $"The full-disk tests mount a tmpfs and must run as root (id -u gave '{uid.Output.Trim()}'). Run the suite as root, as CI does.");
        }

        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "uploader-tests", $"tmpfs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        var mount = Run("mount", "-t", "tmpfs", "-o", $"size={sizeBytes}", "tmpfs", path);
        if (mount.Code != 0)
        {
            Directory.Delete(path);
            throw new XunitException($"mount -t tmpfs failed ({mount.Code}): {mount.Output}");
        }

        return new TmpfsVolume(path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file of <paramref name="bytes"/> bytes (a filler that takes the space).</summary>
    public string Fill(string name, long bytes)
    {
        var path = Combine(name);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        var block = new byte[64 * 1024];
        for (long written = 0; written < bytes; written += block.Length)
        {
            stream.Write(block, 0, (int)Math.Min(block.Length, bytes - written));
        }

        return path;
    }

    public void Dispose()
    {
        if (Run("umount", Path).Code != 0)
        {
            Run("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A lazily unmounted point may linger until its last user goes; the temp root is scratch space.
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

/// <summary>
/// Scenario 6 of issue 4 on a real small file system: ENOSPC while a chunk is written answers 507, records
/// nothing and leaves no staging file, other tasks survive, and the same uploads succeed once space is freed.
/// The free-space guard is measured on the same real volume (DriveStorageSpace), not faked.
/// </summary>
public sealed class FullDiskTests
{
    private const int ChunkSize = 512 * 1024;

    [Fact]
    public async Task A_chunk_that_hits_ENOSPC_is_refused_with_507_and_nothing_half_written_stays()
    {
        using var volume = TmpfsVolume.Mount(6 * 1024 * 1024);
        await using var factory = OnVolume(volume, minFree: 0);
        using var api = factory.CreateApi();
        var staging = volume.Combine("upload", ".staging");

        var started = SourceFile.Random(2 * ChunkSize, ChunkSize);
        await api.UploadChunksAsync(started, [0]);
        var filler = volume.Fill("filler.bin", volume.FreeBytes - (128 * 1024));

        await api.UploadAsync(started.Request(1)).ExpectProblemAsync(507, "insufficient_storage");
        var fresh = SourceFile.Random(ChunkSize, ChunkSize);
        await api.UploadAsync(fresh.Request(0)).ExpectProblemAsync(507, "insufficient_storage");

        await api.ExpectStoredAsync(started.FileId, 0);
        Assert.Empty(await factory.StoredChunksAsync(started.FileId, 1));
        Assert.Single(await factory.StoredChunksAsync(started.FileId, 0));
        await ExpectNothingStoredAsync(api, fresh.FileId);
        Assert.Empty(Directory.Exists(staging) ? Directory.GetFiles(staging, "*", SearchOption.AllDirectories) : []);

        File.Delete(filler);

        await api.UploadChunksAsync(started, [1]);
        Assert.Equal(started.Md5, (await api.MergeOkAsync(started)).Str("md5"));
        Assert.Equal(started.Bytes.ToArray(), await File.ReadAllBytesAsync(volume.Combine("merged", started.Name)));
        await api.UploadAllAsync(fresh);
        Assert.Equal(fresh.Md5, (await api.MergeOkAsync(fresh)).Str("md5"));
        Assert.Empty(Directory.GetFiles(staging, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task With_the_real_volume_below_the_floor_new_tasks_are_refused_first_while_started_ones_go_on()
    {
        using var volume = TmpfsVolume.Mount(8 * 1024 * 1024);
        const long MinFree = 6 * 1024 * 1024;
        await using var factory = OnVolume(volume, MinFree);
        using var api = factory.CreateApi();

        var started = SourceFile.Random(2 * 64 * 1024, 64 * 1024);
        await api.UploadChunksAsync(started, [0]);
        var filler = volume.Fill("filler.bin", volume.FreeBytes - (MinFree - (512 * 1024)));
        Assert.InRange(volume.FreeBytes, (MinFree / 2) + (256 * 1024), MinFree - 1);

        var fresh = SourceFile.Random(64 * 1024, 64 * 1024);
        await api.UploadAsync(fresh.Request(0)).ExpectProblemAsync(507, "insufficient_storage");
        await api.UploadChunksAsync(started, [1]);
        await api.ExpectStoredAsync(started.FileId, 0, 1);
        await api.StatusAsync(fresh.FileId).ExpectProblemAsync(404, "task_not_found");

        File.Delete(filler);
        await api.UploadAllAsync(fresh);
        await api.MergeOkAsync(started);
        await api.MergeOkAsync(fresh);
    }

    private static UploaderFactory OnVolume(TmpfsVolume volume, long minFree) =>
        UploaderFactory.With(config =>
        {
            config["upload_dir"] = volume.Combine("upload");
            config["merged_dir"] = volume.Combine("merged");
            config["min_free_disk_bytes"] = JsonValue.Create(minFree);
        });

    private static async Task ExpectNothingStoredAsync(UploaderApi api, string fileId)
    {
        using var response = await api.StatusAsync(fileId);
        if ((int)response.StatusCode == 404)
        {
            return;
        }

        var status = await Task.FromResult(response).ExpectOkAsync();
        Assert.Empty(status.Ints("uploaded_chunks"));
    }
}
