namespace Uploader.Client;

/// <summary>How one file (or every file of a folder) is uploaded.</summary>
public sealed class UploadOptions
{
    /// <summary>Bytes per chunk; every chunk but the last has exactly this size (sent as <c>chunk_size</c>).</summary>
    public long ChunkSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Files of at least this many bytes are merged in the background form (<c>async=true</c>, <c>Prefer: respond-async</c>):
    /// the server answers 202 once the task is claimed and the upload polls upload_status until the merge ends, so a
    /// proxy that cuts requests after 30–60 s never cuts the merge's answer. A server that answers such a request with
    /// its plain 200 (go-uploader, older Uploader) has merged already. Default 1 GiB (a merge of a few seconds);
    /// 0 always uses the background form, <see cref="long.MaxValue"/> never.
    /// </summary>
    public long BackgroundMergeFrom { get; set; } = 1L << 30;

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
