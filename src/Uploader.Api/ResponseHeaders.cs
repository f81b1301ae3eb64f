using Uploader.Api.Auth;

namespace Uploader.Api;

/// <summary>The headers every answer gets, set in one place as the answer starts.</summary>
internal static class ResponseHeaders
{
    /// <summary>
    /// For pages the server renders (Swagger UI, later the web console): own scripts and styles only, no inline
    /// script, never inside a frame. Swagger UI's index.html loads every script from a file, so it runs under this.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";

    /// <summary>Sets the headers on every answer; <paramref name="pages"/> is where the rendered pages are.</summary>
    public static IApplicationBuilder UseResponseHeaders(this IApplicationBuilder app, PathString pages) =>
        app.Use((context, next) =>
        {
            // Decided now: the exception handler clears the endpoint (and headers) before it writes an error.
            // The auth routes are public but hand out and check sessions: kept out of caches like what needs the key.
            var keyed = KeyRequirement.AppliesTo(context)
                || context.GetEndpoint()?.Metadata.GetMetadata<AnswersLikeGoUploaderAttribute>() is not null;
            var page = context.Request.Path.StartsWithSegments(pages);
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (keyed)
                {
                    // What needs the key is nobody else's to see: no shared or browser cache keeps it, 401 included.
                    headers.CacheControl = "no-store";
                }

                if (page)
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.XFrameOptions = "DENY";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
}
