namespace Uploader.Infrastructure.Tests;

/// <summary>Keeps every figure a merge reports, in order.</summary>
internal sealed class WrittenBytes : IProgress<long>
{
    private readonly List<long> _reports = [];

    public IReadOnlyList<long> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(long value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
