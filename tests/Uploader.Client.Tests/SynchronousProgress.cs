namespace Uploader.Client.Tests;

/// <summary>
/// Records every report on the reporting thread (Progress&lt;T&gt; posts to the thread pool, so its last report could
/// arrive after the upload returned), and lets a test act on one, e.g. cancel the upload.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T>? onReport = null) : IProgress<T>
{
    private readonly List<T> _reports = [];

    public IReadOnlyList<T> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(T value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }

        onReport?.Invoke(value);
    }
}
