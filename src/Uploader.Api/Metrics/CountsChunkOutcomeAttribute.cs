using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Uploader.Api.Contracts;
using Uploader.Api.Problems;

namespace Uploader.Api.Metrics;

/// <summary>
/// The one place that counts upload_chunk outcomes: accepted chunks and their bytes, refusals by their contract
/// code, and clients that went away mid-body. It is the outermost filter of the action, so it sees every answer
/// however it came about: a refusal on the headers alone (an oversized Content-Length), a full upload queue, a
/// malformed body, a refusal of the command. A client that left later, or that the server cut off, was not
/// answered and is not counted.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CountsChunkOutcomeAttribute : Attribute, IAsyncResourceFilter, IOrderedFilter
{
    /// <summary>Before every other resource filter, so their refusals come back through this one.</summary>
    public int Order => int.MinValue;

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        var http = context.HttpContext;
        var metrics = http.RequestServices.GetRequiredService<PrometheusUploadMetrics>();
        if (executed.Exception is { } error && !executed.ExceptionHandled)
        {
            if (error is ClientWentAwayException)
            {
                metrics.ChunkAborted();
            }
            else if (!ClientWentAwayException.Describes(error, http))
            {
                metrics.ChunkRefused(ProblemCatalog.CodeOf(error));
            }

            return;
        }

        switch (executed.Result)
        {
            case ProblemResult refusal:
                metrics.ChunkRefused(refusal.Code);
                break;
            case ObjectResult { Value: UploadChunkResponse accepted }:
                metrics.ChunkReceived(accepted.Size);
                break;
        }
    }
}
