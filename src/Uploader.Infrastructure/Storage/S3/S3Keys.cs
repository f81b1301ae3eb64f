using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// Every key the S3 adapter makes, below the configured prefix: chunk versions under `tasks/{task}/`, merged files under
/// `merged/{relative path}` (so no client path can land among chunks), health probes under `health/`.
/// </summary>
public sealed class S3Keys(string prefix)
{
    /// <summary>Object metadata (x-amz-meta-…) holding a merged file's identity, known before the object is visible.</summary>
    public const string IdentityMetadata = "uploader-identity";

    public string Prefix { get; } = prefix;

    public string TasksRoot => Prefix + "tasks/";

    public string HealthRoot => Prefix + "health/";

    public string TaskPrefix(Guid taskId) => $"{TasksRoot}{taskId:N}/";

    /// <summary>A chunk version's key; its location is <see cref="StorageLayout.NewChunkLocation"/>'s name.</summary>
    public string Chunk(Guid taskId, string location)
    {
        if (location.Length == 0 || location.IndexOfAny(['/', '\\']) >= 0 || location.StartsWith('.'))
        {
            throw new InvalidOperationException($"'{location}' is not a chunk location made by this adapter.");
        }

        return TaskPrefix(taskId) + location;
    }

    /// <summary>The task a key under <see cref="TasksRoot"/> belongs to, for names this adapter makes only.</summary>
    public Guid? TaskOf(string taskPrefix) =>
        taskPrefix.StartsWith(TasksRoot, StringComparison.Ordinal)
        && Guid.TryParseExact(taskPrefix[TasksRoot.Length..].TrimEnd('/'), "N", out var id)
        && TaskPrefix(id) == taskPrefix
            ? id
            : null;

    public string Merged(RelativeFilePath target) => Prefix + "merged/" + target.Value;

    /// <summary>
    /// A merged file's key from the path a task recorded. Not parsed again (an older rule may have allowed it), but a
    /// dot segment is refused: a store or proxy that normalises the URL would resolve it elsewhere.
    /// </summary>
    public string MergedByText(string filePath)
    {
        if (filePath.Length == 0 || filePath.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            throw new InvalidPath(PathField.MergedFilePath, "it is not a plain relative path");
        }

        return Prefix + "merged/" + filePath;
    }

    /// <summary>The path relative to the merged folder a merged key stands for.</summary>
    public string RelativeOf(string mergedKey) => mergedKey[(Prefix.Length + "merged/".Length)..];

    public string NewHealthProbe() => $"{HealthRoot}{Guid.NewGuid():N}.probe";
}
