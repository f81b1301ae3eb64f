using BenchmarkDotNet.Running;

namespace Uploader.Benchmarks;

/// <summary>
/// Benchmarks of the server's hot inner pieces: staging a chunk (copy + md5 + fsync) and the merge pass.
/// <c>dotnet run -c Release --project benchmarks/Uploader.Benchmarks -- --filter '*'</c>
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
