using BenchmarkDotNet.Running;

namespace Uploader.Benchmarks;

/// <summary>
/// Benchmarks of the server's hot inner pieces: staging a chunk (copy + md5 + fsync) and the merge pass.
/// <c>dotnet run -c Release --project benchmarks/Uploader.Benchmarks -- --filter '*'</c>; the merge's wall time and CPU
/// next to <c>cat | tee | md5sum</c>: <c>-- merge-timing</c> (<see cref="MergeTiming"/>).
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        if (args is ["merge-timing", ..])
        {
            await MergeTiming.RunAsync(args);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
