using System.Text.Json.Nodes;

namespace Uploader.Browser.Tests.Tus;

/// <summary>
/// The server the Uppy tests upload to, which answers CORS for the page's origin (<see cref="PageOrigin"/>, a name
/// Playwright serves the page under, so page and server differ in origin as on a real site), and Uppy's browser
/// bundle from npm (the package <c>uppy</c>, whose dist holds uppy.min.js with the global <c>Uppy</c>, and its css).
/// </summary>
public class UppyServer : LiveServer
{
    /// <summary>The npm package and its exact version: Uppy 4 with @uppy/core 4.5.3, @uppy/dashboard 4.4.3, @uppy/tus 4.3.2.</summary>
    public const string UppyPackage = "uppy";

    public const string UppyVersion = "4.18.3";

    /// <summary>
    /// Where the test page comes from: fulfilled by Playwright, nothing listens there. It is a loopback name, as the
    /// server is: Chromium refuses a request from a public (or unknown) origin into loopback (Private Network Access).
    /// </summary>
    public Uri PageOrigin { get; } = new($"http://localhost:{ServerProcess.FreePort()}/");

    private readonly Lazy<Task<string>> _dist = new(async () =>
        Path.Combine(await NodePackages.InstalledAsync(UppyPackage, UppyVersion), UppyPackage, "dist"));

    /// <summary>The folder with uppy.min.js and uppy.min.css, installed from npm on first use.</summary>
    public Task<string> UppyDistAsync() => _dist.Value;

    protected override void Configure(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config["cors_origins"] = new JsonArray(PageOrigin.GetLeftPart(UriPartial.Authority));
    }
}
