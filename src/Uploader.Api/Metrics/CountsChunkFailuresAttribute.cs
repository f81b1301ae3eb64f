using Microsoft.AspNetCore.Mvc.Filters;
using Uploader.Api.Problems;

namespace Uploader.Api.Metrics;

/// <summary>
/// Counts every upload_chunk answered with an error, by its contract code. It wraps the action rather than the
/// command because several refusals come before a command exists: a malformed multipart body, a chunk over
/// max_chunk_size (found while staging the bytes), a field that does not parse. A client that went away mid-body
/// is counted apart (uploader_chunks_aborted_total); one that left later, or that the server cut off, was not
/// answered and is not counted.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CountsChunkFailuresAttribute : Attribute, IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        var http = context.HttpContext;
        if (executed.Exception is not { } error || executed.ExceptionHandled)
        {
            return;
        }

        var metrics = http.RequestServices.GetRequiredService<PrometheusUploadMetrics>();
        if (error is ClientWentAwayException)
        {
            metrics.ChunkAborted();
        }
        else if (!ClientWentAwayException.Describes(error, http))
        {
            metrics.ChunkRefused(ProblemCatalog.CodeOf(error));
        }
    }
}
