using Uploader.Api.Contracts;

namespace Uploader.Api.Tus;

/// <summary>
/// X-HTTP-Method-Override on the tus endpoint: a client behind a proxy that passes only GET and POST sends
/// PATCH, HEAD or DELETE as a POST naming the method. Runs before routing, so the request is routed as the named method.
/// </summary>
internal static class TusMethodOverride
{
    private static readonly PathString Endpoint = BasePath.Absolute + "/tus";

    public static IApplicationBuilder UseTusMethodOverride(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsPost(request.Method)
                && request.Path.StartsWithSegments(Endpoint)
                && request.Headers[TusHeaders.MethodOverride].ToString() is { Length: > 0 } method
                && (HttpMethods.IsPatch(method) || HttpMethods.IsHead(method) || HttpMethods.IsDelete(method)))
            {
                request.Method = HttpMethods.GetCanonicalizedValue(method.ToUpperInvariant());
            }

            return next(context);
        });
}
