using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Uploader.Api.Problems;

namespace Uploader.Api.Uploads;

/// <summary>
/// Answers 413 chunk_too_large to an upload_chunk whose Content-Length is over the <see cref="ChunkBodyLimit"/>, on its
/// headers alone: before it takes an upload place and before a byte of the body is read. Kestrel sends
/// "100 Continue" only when the body is first read, so a client that sent Expect: 100-continue reads this answer
/// instead of pushing its body into a closed connection. The connection is closed after the answer, since the body
/// that may follow is not read.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RefusesOversizedBodyAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (http.RequestServices.GetRequiredService<ChunkBodyLimit>().Refusal(http.Request.ContentLength) is not { } detail)
        {
            return;
        }

        http.Response.Headers.Connection = "close";
        context.Result = http.RequestServices.GetRequiredService<ProblemWriter>().Result(http, ErrorCodes.ChunkTooLarge, detail);
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
