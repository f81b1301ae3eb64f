namespace Uploader.Benchmarks;

/// <summary>Merge progress nobody reads: the benchmarks time the merge, not its reporting.</summary>
internal sealed class Unwatched : IProgress<long>
{
    public static readonly Unwatched Progress = new();

    public void Report(long value)
    {
    }
}
