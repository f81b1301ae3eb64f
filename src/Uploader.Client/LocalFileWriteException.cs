namespace Uploader.Client;

/// <summary>
/// Writing a download's bytes to the local disk failed (disk full, a read-only file system): an IOException that is
/// the client's own, so it is not mistaken for a connection that broke and retried.
/// </summary>
internal sealed class LocalFileWriteException(string path, IOException inner)
    : IOException($"cannot write '{path}': {inner.Message}", inner);
