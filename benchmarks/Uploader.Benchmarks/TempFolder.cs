namespace Uploader.Benchmarks;

/// <summary>A folder under the system temp folder (the same volume the server's folders use in run.sh), removed on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"uploader-bdn-{Guid.NewGuid():N}");

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
