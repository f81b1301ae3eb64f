using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Uploader.Api.Metrics;
using Uploader.Api.Problems;

namespace Uploader.Api.Uploads;

/// <summary>
/// At most concurrent_uploads upload_chunk requests run at once; up to <see cref="QueueFactor"/> times as many
/// wait, oldest first, before their bodies are read; beyond that the answer is 429 too_many_requests with
/// Retry-After. The queue length is derived rather than configured because the contract has no key for it.
/// </summary>
/// <remarks>
/// The permit is held for the whole request, body included: staging the bytes is the disk and network work
/// being limited. A queued request whose client goes away leaves the queue.
/// </remarks>
public static class UploadQueueLimits
{
    public const string PolicyName = "uploads";

    /// <summary>Queued requests per running one: enough to ride out a burst of parallel chunk senders.</summary>
    public const int QueueFactor = 4;

    /// <summary>What a refused client is told to wait: a few queued chunk writes' worth.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public static int QueueLength(int concurrentUploads) => concurrentUploads * QueueFactor;

    public static IServiceCollection AddUploadQueue(this IServiceCollection services, int concurrentUploads) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(PolicyName, queue =>
            {
                queue.PermitLimit = concurrentUploads;
                queue.QueueLimit = QueueLength(concurrentUploads);
                queue.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == PolicyName)
        {
            http.RequestServices.GetRequiredService<PrometheusUploadMetrics>().ChunkRefused(ErrorCodes.TooManyRequests);
        }

        http.Response.Headers.RetryAfter = RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<ProblemWriter>().WriteAsync(
            http,
            StatusCodes.Status429TooManyRequests,
            ErrorCodes.TooManyRequests,
            "The server is busy with other chunks and its upload queue is full; send this chunk again after Retry-After seconds.");
    }
}
