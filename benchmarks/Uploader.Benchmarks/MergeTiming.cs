using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Storage;

namespace Uploader.Benchmarks;

/// <summary>
/// Wall time and CPU of <see cref="ChunkMerger"/> against <c>cat chunks | tee out | md5sum</c> over the same chunk
/// files, alternating, in one run: BenchmarkDotNet reports no CPU, and on a shared machine only a ratio taken
/// side by side means much. <c>dotnet run -c Release --project benchmarks/Uploader.Benchmarks -- merge-timing [chunks] [rounds] [chunk MiB]</c>
/// (default 32 chunks of 8 MiB, 5 rounds; the merged file is fsynced, as with enable_atomic_operations). One chunk
/// is merged as <c>AssembleAsync</c> does it, by <see cref="SingleChunkLink"/>.
/// </summary>
internal static class MergeTiming
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var chunkBytes = (args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 8) * 1024 * 1024;
        using var folder = new TempFolder();
        var layout = new StorageLayout(folder.Combine("upload"), folder.Combine("merged"), durable: true);
        var taskId = Guid.NewGuid();
        Directory.CreateDirectory(layout.TaskDir(taskId));
        Directory.CreateDirectory(layout.MergedDir);
        var chunks = new List<ChunkToMerge>();
        var bytes = new byte[chunkBytes];
        for (var i = 0; i < count; i++)
        {
            Random.Shared.NextBytes(bytes);
            var location = StorageLayout.NewChunkLocation(i);
            await File.WriteAllBytesAsync(layout.ChunkPath(taskId, location), bytes);
            chunks.Add(new ChunkToMerge(i, location, bytes.Length, Convert.ToHexStringLower(MD5.HashData(bytes)), Convert.ToHexStringLower(XxHash3.Hash(bytes))));
        }

        var paths = string.Join(' ', chunks.Select(c => $"'{layout.ChunkPath(taskId, c.Location)}'"));
        var catOut = Path.Combine(layout.MergedDir, "cat.out");
        Console.WriteLine("round\tmerger_s\tmerger_cpu_s\tcat_s\tcat_cpu_s\tratio");
        for (var round = 0; round < rounds; round++)
        {
            var output = Path.Combine(layout.MergedDir, $".uploader-{Guid.NewGuid():N}.merging");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var (_, _, corrupt) = chunks.Count == 1
                ? await new SingleChunkLink(layout, taskId).MergeAsync(chunks[0], output, Unwatched.Progress, CancellationToken.None)
                : await new ChunkMerger(layout, taskId).MergeAsync(chunks, output, Unwatched.Progress, CancellationToken.None);
            var mergerSeconds = clock.Elapsed.TotalSeconds;
            var mergerCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            File.Delete(output);
            if (corrupt.Count > 0)
            {
                throw new InvalidOperationException("corrupt chunks");
            }

            var (catSeconds, catCpu) = await CatTeeMd5sumAsync(paths, catOut);
            File.Delete(catOut);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{round}\t{mergerSeconds:F3}\t{mergerCpu:F3}\t{catSeconds:F3}\t{catCpu:F3}\t{mergerSeconds / catSeconds:F2}"));
        }
    }

    /// <summary>The baseline with an fsync of <c>out</c>, as the merge has; CPU is bash's children's user + system time.</summary>
    private static async Task<(double Seconds, double Cpu)> CatTeeMd5sumAsync(string paths, string output)
    {
        var script = $"cat {paths} | tee '{output}' | md5sum >/dev/null; sync '{output}'; times";
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true };
        var clock = Stopwatch.StartNew();
        using var bash = Process.Start(start)!;
        var lines = (await bash.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await bash.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;

        // `times` prints the shell's user/system line, then its children's: "0m1.234s 0m0.567s".
        var children = lines[^1].Split(' ').Select(ParseTimes).Sum();
        return (seconds, children);
    }

    private static double ParseTimes(string value)
    {
        var m = value.IndexOf('m', StringComparison.Ordinal);
        return (double.Parse(value[..m], CultureInfo.InvariantCulture) * 60) + double.Parse(value[(m + 1)..^1], CultureInfo.InvariantCulture);
    }
}
