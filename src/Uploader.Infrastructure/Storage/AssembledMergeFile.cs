using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Infrastructure.Resilience;

namespace Uploader.Infrastructure.Storage;

internal sealed class AssembledMergeFile(
    StorageLayout layout,
    ResiliencePipelines pipelines,
    string tempPath,
    string targetPath,
    long size,
    string md5,
    string identity,
    IReadOnlyList<int> corrupt) : IAssembledFile
{
    private const int MaxRenameAttempts = 10_000;
    private bool _published;

    public long Size { get; } = size;

    public string Md5 { get; } = md5;

    public string Identity { get; } = identity;

    public IReadOnlyList<int> CorruptChunks { get; } = corrupt;

    public Task<string> ChooseTargetAsync(ConflictPolicy onConflict, CancellationToken cancellationToken)
    {
        EnsureIntact();
        return Task.FromResult(layout.RelativeToMerged(Choose(onConflict)));
    }

    public async Task<bool> PublishAsync(string filePath, ConflictPolicy onConflict, CancellationToken cancellationToken)
    {
        EnsureIntact();
        var target = layout.MergedFile(filePath);
        _published = await pipelines.Storage.ExecuteAsync(
            _ => ValueTask.FromResult(onConflict == ConflictPolicy.Overwrite ? Replace(target) : TryMove(target)),
            cancellationToken);
        return _published;
    }

    public ValueTask DisposeAsync()
    {
        if (!_published)
        {
            File.Delete(tempPath);
        }

        return ValueTask.CompletedTask;
    }

    private void EnsureIntact()
    {
        if (CorruptChunks.Count > 0)
        {
            throw new InvalidOperationException("A file assembled from corrupt chunks is never published.");
        }
    }

    private string Choose(ConflictPolicy onConflict)
    {
        switch (onConflict)
        {
            case ConflictPolicy.Overwrite:
                return Directory.Exists(targetPath)
                    ? throw new TargetExists(layout.RelativeToMerged(targetPath), "is a folder, which a file never replaces")
                    : targetPath;
            case ConflictPolicy.Reject:
                return IsTaken(targetPath) ? throw new TargetExists(layout.RelativeToMerged(targetPath)) : targetPath;
            default:
                for (var n = 0; n < MaxRenameAttempts; n++)
                {
                    var candidate = n == 0 ? targetPath : NumberedName(targetPath, n);
                    if (!IsTaken(candidate))
                    {
                        return candidate;
                    }
                }

                throw new TargetExists(layout.RelativeToMerged(targetPath));
        }
    }

    private static bool IsTaken(string path) => File.Exists(path) || Directory.Exists(path);

    private bool Replace(string target)
    {
        DurableFile.Move(tempPath, target, overwrite: true, layout.Durable);
        return true;
    }

    /// <summary>Moves without replacing; false when the name is taken (also by a racing merge).</summary>
    private bool TryMove(string candidate)
    {
        if (IsTaken(candidate))
        {
            return false;
        }

        try
        {
            DurableFile.Move(tempPath, candidate, overwrite: false, layout.Durable);
            return true;
        }
        catch (IOException) when (File.Exists(candidate))
        {
            return false;
        }
    }

    /// <summary>`report.pdf` → `report (2).pdf`; `archive` → `archive (2)`.</summary>
    internal static string NumberedName(string path, int n)
    {
        var folder = Path.GetDirectoryName(path)!;
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        return Path.Combine(folder, $"{name} ({n}){extension}");
    }
}
