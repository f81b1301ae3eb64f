namespace Uploader.Client.Tests;

/// <summary>Opens files as the client does and counts the opens, so a test sees whether an upload read its file at all.</summary>
internal sealed class CountingFileReader : LocalFileReader
{
    private int _opens;

    public int Opens => Volatile.Read(ref _opens);

    public override Stream Open(string path, FileOptions options)
    {
        Interlocked.Increment(ref _opens);
        return base.Open(path, options);
    }
}
