using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Uploader.Api.Configuration;
using Uploader.Api.Problems;
using Uploader.Domain.Errors;

namespace Uploader.Api.Tus;

/// <summary>
/// The tus protocol around every tus action: a 404 for all of them when tus_enabled is false, Tus-Resumable on each answer, 412 for a request without version 1.0.0
/// (OPTIONS excepted), and refusals with the problem body of the rest of the API under tus's statuses: 460 for a
/// checksum mismatch, 423 for a paused or merging upload (tus clients retry 423 and 409, not other 4xx).
/// </summary>
internal sealed class TusProtocolFilter(ProblemWriter problems, UploaderSettings settings) : IAsyncActionFilter, IExceptionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!settings.TusEnabled)
        {
            context.Result = problems.Result(http, ErrorCodes.NotFound, $"No endpoint at {http.Request.Path}: tus_enabled is false.");
            return;
        }

        http.Response.Headers[TusHeaders.Resumable] = TusHeaders.Version;
        if (!HttpMethods.IsOptions(http.Request.Method) && http.Request.Headers[TusHeaders.Resumable] != TusHeaders.Version)
        {
            http.Response.Headers[TusHeaders.TusVersion] = TusHeaders.Version;
            context.Result = problems.Result(
                http, StatusCodes.Status412PreconditionFailed, ErrorCodes.TusVersionUnsupported,
                $"Send {TusHeaders.Resumable}: {TusHeaders.Version}; this server speaks tus {TusHeaders.Version} only.");
            return;
        }

        await next();
    }

    public void OnException(ExceptionContext context)
    {
        if (ClientWentAwayException.Describes(context.Exception, context.HttpContext) || ProblemCatalog.Describe(context.Exception) is not { } entry)
        {
            return;
        }

        var status = context.Exception switch
        {
            ChecksumMismatch => TusHeaders.ChecksumMismatchStatus,
            TaskPaused or MergeInProgress => StatusCodes.Status423Locked,
            _ => ProblemCatalog.StatusOf(entry.Code),
        };
        context.HttpContext.Response.Headers[TusHeaders.Resumable] = TusHeaders.Version;
        context.Result = problems.Result(context.HttpContext, status, entry.Code, entry.Detail ?? context.Exception.Message, entry.Extensions);
        context.ExceptionHandled = true;
    }
}
