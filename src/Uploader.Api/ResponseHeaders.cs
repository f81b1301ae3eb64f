using Uploader.Api.Auth;

namespace Uploader.Api;

/// <summary>The headers every answer gets, set in one place as the answer starts.</summary>
internal static class ResponseHeaders
{
    /// <summary>
    /// For Swagger UI: own scripts and styles only, no inline script, never inside a frame. Its index.html loads every
    /// script from a file, so it runs under this; its styles are partly inline.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";

    /// <summary>
    /// For the web console: nothing inline, nothing from elsewhere, no frame, no form posts, no plugins. The one
    /// allowance is 'wasm-unsafe-eval': the md5 worker compiles its WebAssembly module (it allows no JS eval).
    /// </summary>
    public const string ConsoleContentSecurityPolicy =
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The console's files: its policy, no frame, no referrer, and revalidated on every load (a new server version shows at once).</summary>
    public static void ForConsoleFile(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.ContentSecurityPolicy = ConsoleContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
    }

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
