using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Uploader.Api.Auth;
using Uploader.Api.Problems;

namespace Uploader.Api.Uploads;

/// <summary>
/// Runs the action only while it holds one of the <see cref="UploadSlots"/>, taken before a byte of the body is read
/// and held until the chunk is stored. A request that gets no place is answered 429 too_many_requests with
/// Retry-After. It runs after authorization: a request without a valid key never takes a place.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HoldsUploadSlotAttribute : Attribute, IAsyncActionFilter
{
    /// <summary>What a refused client is told to wait: a few queued chunk writes' worth.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var slots = http.RequestServices.GetRequiredService<UploadSlots>();
        var (slot, refusal) = await slots.EnterAsync(ClientAddress.Of(http.Connection.RemoteIpAddress), http.RequestAborted);
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            var detail = refusal == UploadSlots.Refusal.QueueFull
                ? "The server is busy with other chunks and its upload queue is full; send this chunk again after Retry-After seconds."
                : $"The chunk waited {slots.QueueTimeout.TotalSeconds:0} s in the upload queue (upload_queue_timeout) without a free place; send it again after Retry-After seconds.";
            context.Result = http.RequestServices.GetRequiredService<ProblemWriter>().Result(http, ErrorCodes.TooManyRequests, detail);
            return;
        }

        using (slot)
        {
            await next();
        }
    }
}
