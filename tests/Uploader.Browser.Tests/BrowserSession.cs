using Microsoft.Playwright;
using Xunit.Sdk;

namespace Uploader.Browser.Tests;

/// <summary>
/// One test's browser: Debian's Chromium through Playwright, with a profile of its own in a temp folder. Dispose
/// closes the browser and removes the profile, also after a failed test (use it with <c>await using</c>).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly IPlaywright _playwright;
    private readonly TempFolder _profile;

    private readonly string _locale;

    private BrowserSession(IPlaywright playwright, TempFolder profile, string locale, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _profile = profile;
        _locale = locale;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; private set; }

    public IPage Page { get; private set; }

    /// <summary>A browser whose language is <paramref name="locale"/> (navigator.language), en-US when null.</summary>
    public static async Task<BrowserSession> StartAsync(string? locale = null)
    {
        await DebianChromium.EnsureInstalledAsync();
        var playwright = await Playwright.CreateAsync();
        var profile = new TempFolder();
        try
        {
            var (context, page) = await LaunchAsync(playwright, profile, locale ?? "en-US");
            return new BrowserSession(playwright, profile, locale ?? "en-US", context, page);
        }
        catch
        {
            playwright.Dispose();
            profile.Dispose();
            throw;
        }
    }

    private static async Task<(IBrowserContext Context, IPage Page)> LaunchAsync(IPlaywright playwright, TempFolder profile, string locale)
    {
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = DebianChromium.ExecutablePath,
            Headless = true,
            Args = DebianChromium.Arguments,
            AcceptDownloads = false,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        return (context, page);
    }

    /// <summary>Closes the browser and starts it again on the same profile (cookies, localStorage, IndexedDB kept).</summary>
    public async Task RestartAsync()
    {
        await Context.CloseAsync();
        (Context, Page) = await LaunchAsync(_playwright, _profile, _locale);
    }

    /// <summary>
    /// Runs steps in this browser; when one fails, a full-page PNG named <paramref name="name"/> goes to
    /// screenshots/ beside the test assembly and the failure message says where.
    /// </summary>
    public async Task ExplainFailuresAsync(string name, Func<Task> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            await steps();
        }
        catch (Exception ex)
        {
            throw new XunitException($"{ex.Message}\n{await ScreenshotAsync(name)}", ex);
        }
    }

    /// <summary>The page as it is now, as screenshots/NAME.png beside the test assembly (what docs/console.md shows).</summary>
    public async Task<string> SaveScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        try
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 10_000 });
            return $"The page at the failure: {path}";
        }
        catch (PlaywrightException ex)
        {
            return $"No screenshot of the page: {ex.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Context.CloseAsync();
        }
        finally
        {
            _playwright.Dispose();
            _profile.Dispose();
        }
    }
}
