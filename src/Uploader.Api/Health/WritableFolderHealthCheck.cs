using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uploader.Infrastructure.Storage;

namespace Uploader.Api.Health;

/// <summary>
/// Proves a folder takes writes by writing and deleting a small hidden file in it: permissions, a read-only
/// mount or a folder replaced by a file all show up here, which looking at the folder's attributes would miss
/// (root ignores permission bits, for one). The path is left out of the answer, which is public.
/// </summary>
public sealed class WritableFolderHealthCheck(string folder) : IHealthCheck
{
    private static readonly byte[] ProbeBytes = "uploader health probe\n"u8.ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            // The exception carries the path to the server log; the public answer shows only the description.
            return HealthCheckResult.Unhealthy(
                "The folder does not exist or is not a folder.",
                new DirectoryNotFoundException($"'{folder}' does not exist or is not a folder."));
        }

        var probe = Path.Combine(folder, StorageLayout.NewHealthProbeName());
        try
        {
            await using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(ProbeBytes, cancellationToken);
            }

            File.Delete(probe);
            return HealthCheckResult.Healthy("The folder exists and takes writes.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The exception (with the path) goes to the server log through the health check service.
            return HealthCheckResult.Unhealthy($"The folder does not take writes ({ex.GetType().Name}).", ex);
        }
        finally
        {
            // Whatever ended the check, a cancellation included: the file is removed here, synchronously, so no
            // token can stop it. After the delete above this finds nothing, which is no error.
            TryDelete(probe);
        }
    }

    private static void TryDelete(string probe)
    {
        try
        {
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A probe that could be written but not deleted is a leftover of a few bytes, not a reason to hide the fault.
        }
    }
}
