using Microsoft.Extensions.FileProviders;
using Uploader.Api.Contracts;

namespace Uploader.Api.WebConsole;

/// <summary>
/// The web console: static files under /go-uploader/ (index.html for the folder), public like the contract's static
/// page; what they call needs the key or a session. "/" and "/go-uploader" redirect to "/go-uploader/", so that the
/// page's relative URLs resolve under the base path.
/// </summary>
internal static class WebConsoleFiles
{
    /// <summary>The folder beside the server's assembly the build copies the console's site into.</summary>
    public const string OutputFolder = "console";

    public static WebApplication UseWebConsole(this WebApplication app)
    {
        var files = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, OutputFolder));
        var home = BasePath.Absolute + "/";
        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            if (HttpMethods.IsGet(context.Request.Method) && (path == "/" || path == BasePath.Absolute))
            {
                context.Response.Redirect(home);
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = BasePath.Absolute, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = BasePath.Absolute,
            FileProvider = files,
            OnPrepareResponse = file => ResponseHeaders.ForConsoleFile(file.Context.Response.Headers),
        });
        return app;
    }
}
