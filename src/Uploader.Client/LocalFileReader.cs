namespace Uploader.Client;

/// <summary>
/// Opens the local file of an upload for reading (the hasher's pass and each chunk's content): the one place that
/// does, so a test can see whether, and how often, the file was read.
/// </summary>
internal class LocalFileReader
{
    public static readonly LocalFileReader Default = new();

    public virtual Stream Open(string path, FileOptions options) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, options);
}
