namespace Uploader.Api.OpenApi;

/// <summary>
/// The script Swagger UI's page loads besides its own (SwaggerUi/empty-form-fields.js, embedded in this assembly):
/// Try it out leaves form fields without an example empty. Served from a file under /swagger, so the page's CSP
/// (script-src 'self', no inline script) allows it.
/// </summary>
internal static class SwaggerUiPlugin
{
    private const string Resource = "empty-form-fields.js";

    /// <summary>Where the script is served, under Swagger UI's own path.</summary>
    public static string PathUnder(string swaggerPath) => $"{swaggerPath}/uploader/{Resource}";

    /// <summary>Public like the rest of Swagger UI, and not an operation of the document.</summary>
    public static void MapSwaggerUiPlugin(this IEndpointRouteBuilder app, string swaggerPath) =>
        app.MapMethods(PathUnder(swaggerPath), ["GET", "HEAD"], () => Results.Stream(typeof(SwaggerUiPlugin).Assembly.GetManifestResourceStream(Resource)!, "text/javascript; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();
}
