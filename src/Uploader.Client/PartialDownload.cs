using System.Net.Http.Headers;

namespace Uploader.Client;

/// <summary>
/// The bytes of an unfinished download beside its target (<c>TARGET.part</c>) and the ETag they came with
/// (<c>TARGET.part.etag</c>): a rerun asks for the rest with <c>Range</c> and <c>If-Range</c>, so a file that changed
/// on the server meanwhile is sent whole instead of being spliced onto old bytes.
/// </summary>
internal sealed class PartialDownload(string target)
{
    public string Target { get; } = target;

    public string DataPath { get; } = target + ".part";

    private string ETagPath => DataPath + ".etag";

    /// <summary>The ETag the bytes came with; null when there are none to resume (or no ETag to resume them by).</summary>
    public EntityTagHeaderValue? ETag =>
        File.Exists(DataPath) && File.Exists(ETagPath) && EntityTagHeaderValue.TryParse(File.ReadAllText(ETagPath).Trim(), out var tag) && !tag.IsWeak
            ? tag
            : null;

    public long Length => File.Exists(DataPath) ? new FileInfo(DataPath).Length : 0;

    /// <summary>Empties the partial file for a whole new body that came with <paramref name="etag"/>.</summary>
    public void Restart(EntityTagHeaderValue? etag)
    {
        File.WriteAllBytes(DataPath, []);
        if (etag is null)
        {
            File.Delete(ETagPath);
        }
        else
        {
            File.WriteAllText(ETagPath, etag.ToString());
        }
    }

    public FileStream OpenAppend() =>
        new(DataPath, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);

    public void Discard()
    {
        File.Delete(DataPath);
        File.Delete(ETagPath);
    }

    /// <summary>Puts the finished bytes at the target and forgets the ETag.</summary>
    public void Complete(bool overwrite)
    {
        File.Move(DataPath, Target, overwrite);
        File.Delete(ETagPath);
    }
}
