namespace Uploader.Client;

/// <summary>How one file (or every file of a folder) is uploaded.</summary>
public sealed class UploadOptions
{
    /// <summary>Bytes per chunk; every chunk but the last has exactly this size (sent as <c>chunk_size</c>).</summary>
    public long ChunkSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>Chunks of one file in flight at once.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// How long an upload keeps coming back when the server stays unreachable after a request's own retries (a
    /// server restart takes seconds): it waits, asks again which chunks are stored, and goes on. The clock starts
    /// at the first such failure and restarts whenever a chunk gets through. <see cref="TimeSpan.Zero"/> gives up
    /// at the first one.
    /// </summary>
    public TimeSpan ReconnectTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Target under the server's merged_dir, with '/'. Default: the file name. For a folder upload it is a prefix
    /// put before each file's path relative to the folder.
    /// </summary>
    public string? RelativePath { get; set; }

    /// <summary>
    /// The task id. Default: a stable id derived from the full path, size, last-write time, chunk size and
    /// destination (<see cref="RelativePath"/>), so a restarted client finds its task again. For a folder upload it
    /// seeds the id of each file.
    /// </summary>
    public string? FileId { get; set; }

    /// <summary>
    /// The server's limits, when the caller already asked for them (<see cref="UploaderClient.GetLimitsAsync"/>, once
    /// for many uploads). Null: the upload asks first. Either way every file is checked against them before it is read.
    /// </summary>
    public ServerLimits? Limits { get; set; }
}
