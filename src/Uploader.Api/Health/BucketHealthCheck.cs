using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uploader.Infrastructure.Storage.S3;

namespace Uploader.Api.Health;

/// <summary>
/// Proves the bucket takes writes and gives them back: a small probe object put, read and deleted under the prefix's
/// `health/`, within a few seconds. The bucket's name and the store's answer go to the log only; the public answer
/// names the failing step.
/// </summary>
public sealed class BucketHealthCheck(BucketClient bucket, S3Keys keys) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly byte[] ProbeBytes = "uploader health probe\n"u8.ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        var probe = keys.NewHealthProbe();
        var step = "put";
        try
        {
            await bucket.PutBytesAsync(probe, ProbeBytes, limit.Token);
            step = "get";
            using (var read = await bucket.GetAsync(probe, limit.Token) ?? throw new IOException("The probe just written is not there."))
            using (var bytes = new MemoryStream())
            {
                await read.ResponseStream.CopyToAsync(bytes, limit.Token);
                if (!bytes.ToArray().AsSpan().SequenceEqual(ProbeBytes))
                {
                    throw new IOException("The probe came back with other bytes.");
                }
            }

            step = "delete";
            await bucket.DeleteAsync(probe, limit.Token);
            return HealthCheckResult.Healthy("The bucket takes writes, reads and deletes.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A probe left behind is removed by the leftovers sweep after a minute.
            return HealthCheckResult.Unhealthy($"The bucket failed the {step} of a probe object ({ex.GetType().Name}).", ex);
        }
    }
}
