using Serilog;
using Uploader.Api.Auth;
using Uploader.Api.Configuration;
using Uploader.Api.Metrics;
using Uploader.Api.OpenApi;
using Uploader.Api.Problems;
using Uploader.Api.Tus;
using Uploader.Api.WebConsole;

namespace Uploader.Api;

internal static class RequestPipeline
{
    private const string SwaggerPath = "/swagger";

    public static WebApplication UseUploaderPipeline(this WebApplication app)
    {
        // Routing first, as the host would place it, but after a tus method override so that the request is routed
        // as the method it names (docs/tus.md).
        app.UseTusMethodOverride();
        app.UseRouting();

        // First, so that everything after it (the log, the lockout, the upload share, the cookie's Secure flag) sees
        // the client's address and scheme when a trusted proxy forwarded the request; without trusted_proxies it is off.
        if (app.Services.GetRequiredService<UploaderSettings>().TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        // Outside the exception handler, so the log line shows the status the client received. The path is the
        // request target as sent, still percent-encoded (with its query): what a client encoded stays encoded.
        app.UseSerilogRequestLogging(log =>
        {
            log.IncludeQueryInRequestPath = true;
            log.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms from {ClientAddress}";
            log.EnrichDiagnosticContext = (diagnostics, http) =>
                diagnostics.Set("ClientAddress", http.Connection.RemoteIpAddress?.ToString() ?? ClientAddress.Unknown);
        });

        // Also outside the exception handler, so the status label is the one the client received.
        app.UseUploaderHttpMetrics();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => StatusWithoutBody(context.HttpContext));
        app.UseResponseHeaders(SwaggerPath);
        app.UseWebConsole();
        app.UseSwagger();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint($"{SwaggerPath}/v1/swagger.json", "Uploader v1");
            ui.RoutePrefix = SwaggerPath[1..];
            ui.InjectJavascript(SwaggerUiPlugin.PathUnder(SwaggerPath));
        });
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();

        // The key is required by every action not marked [AllowAnonymous]; an unknown path is a plain 404.
        var controllers = app.MapControllers();
        var metrics = app.MapUploaderMetrics();

        app.MapSwaggerUiPlugin(SwaggerPath);
        if (app.Services.GetRequiredService<UploaderSettings>().EnableAuth)
        {
            controllers.RequireAuthorization();

            // Not among the contract's public paths: Prometheus scrapes with the key as a bearer token.
            metrics.RequireAuthorization();
        }

        return app;
    }

    /// <summary>Answers that no action wrote (an unknown path, a wrong method) still get a problem body.</summary>
    private static Task StatusWithoutBody(HttpContext context)
    {
        var (code, detail) = context.Response.StatusCode switch
        {
            404 => (ErrorCodes.NotFound, $"No endpoint at {context.Request.Path}."),
            405 => (ErrorCodes.MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}."),
            412 => (ErrorCodes.PreconditionFailed, "The request's precondition (If-Match) does not hold: the file's ETag is another."),
            415 => (ErrorCodes.ValidationFailed, "The request's content type is not accepted here."),
            _ => (ErrorCodes.ValidationFailed, "The request was refused."),
        };
        var writer = context.RequestServices.GetRequiredService<ProblemWriter>();
        return writer.WriteAsync(context, context.Response.StatusCode, code, detail);
    }
}
