namespace Uploader.Client;

/// <summary>Absolute URIs of the contract's endpoints under one server root.</summary>
internal sealed class ServerEndpoints
{
    private const string BasePath = "go-uploader/";

    private readonly Uri _base;

    public ServerEndpoints(Uri root)
    {
        if (!root.IsAbsoluteUri)
        {
            throw new ArgumentException($"The server address '{root}' is not absolute.", nameof(root));
        }

        // A root given with the base path already (http://host/go-uploader) is taken as it is.
        var text = root.AbsoluteUri.TrimEnd('/') + "/";
        _base = text.EndsWith("/" + BasePath, StringComparison.OrdinalIgnoreCase) ? new Uri(text) : new Uri(new Uri(text), BasePath);
    }

    public Uri UploadChunk => At("upload_chunk");

    public Uri MergeChunks => At("merge_chunks");

    public Uri Health => At("health");

    public Uri Limits => At("limits");

    public Uri File(string fileId) => At($"files/{Uri.EscapeDataString(fileId)}");

    public Uri UploadStatus(string fileId) => At($"upload_status?file_id={Uri.EscapeDataString(fileId)}");

    public Uri Tasks(string? status, int page, int pageSize) =>
        At($"tasks?{(string.IsNullOrEmpty(status) ? string.Empty : $"status={Uri.EscapeDataString(status)}&")}page={page}&page_size={pageSize}");

    public Uri Task(string fileId, string suffix = "") => At($"tasks/{Uri.EscapeDataString(fileId)}{suffix}");

    public Uri At(string relative) => new(_base, relative);
}
