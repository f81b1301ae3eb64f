using Uploader.Client;

namespace Uploader.Cli.Output;

/// <summary>The --json document of an upload run: <c>{"status":"ok","files":N,"bytes":N,"uploads":[...]}</c>.</summary>
internal sealed record UploadReport(string Status, int Files, long Bytes, IReadOnlyList<UploadReportEntry> Uploads)
{
    public static UploadReport Of(IReadOnlyList<UploadResult> results) => new(
        "ok",
        results.Count,
        results.Sum(r => r.Size),
        [.. results.Select(UploadReportEntry.Of)]);
}
