using Microsoft.AspNetCore.Diagnostics;

namespace Uploader.Api.Problems;

/// <summary>Turns every exception that leaves a controller into the contract's problem+json answer.</summary>
public sealed partial class ProblemExceptionHandler(ProblemWriter problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var context = httpContext;
        if (ClientWentAwayException.Describes(exception, context))
        {
            // Nobody is left to read an answer. The middleware has set 500 by now; the request log and the HTTP
            // metrics show 499 instead, since the server did nothing wrong.
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            }

            return true;
        }

        if (context.Response.HasStarted)
        {
            return false;
        }

        var entry = ProblemCatalog.Describe(exception);
        if (entry is null)
        {
            LogUnexpected(exception, context.Request.Method, context.Request.Path);
            await problems.WriteAsync(context, ErrorCodes.InternalError, "The server failed to handle the request; it was logged.");
            return true;
        }

        await problems.WriteAsync(context, entry.Code, entry.Detail ?? exception.Message, entry.Extensions);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private partial void LogUnexpected(Exception exception, string method, string path);
}
