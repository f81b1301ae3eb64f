using System.Security.Cryptography;
using Microsoft.Playwright;

namespace Uploader.Browser.Tests.Console;

/// <summary>The web console as a person uses it: what they click and read, by the page's own ids.</summary>
internal sealed class ConsolePage(BrowserSession browser, LiveServer server)
{
    private static readonly TimeSpan Upload = TimeSpan.FromSeconds(120);

    public IPage Page => browser.Page;

    /// <summary>
    /// A fresh browser on the console: <paramref name="steps"/> run after it opened, and no page error or CSP refusal
    /// may have happened by their end; a failure carries the server's output and a screenshot named <paramref name="name"/>.
    /// </summary>
    public static async Task RunAsync(LiveServer server, string name, Func<ConsolePage, BrowserSession, Task> steps)
    {
        await using var browser = await BrowserSession.StartAsync();
        var console = new ConsolePage(browser, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(name, async () =>
        {
            await console.OpenAsync();
            await steps(console, browser);
            Assert.Empty(console.Problems);
        }));
    }

    /// <summary>Requests the page made to upload_chunk (sent, whatever the answer).</summary>
    public int ChunkRequests { get; private set; }

    /// <summary>Page errors and CSP refusals: none is expected on any view.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Opens the console in the browser's current page, watching its requests and problems.</summary>
    public async Task OpenAsync()
    {
        Page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/go-uploader/upload_chunk", StringComparison.Ordinal))
            {
                ChunkRequests++;
            }
        };
        Page.PageError += (_, error) => Problems.Add("page error: " + error);
        Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                Problems.Add(message.Text);
            }
        };
        await Page.GotoAsync(server.BaseAddress.ToString());
    }

    public async Task LoginAsync(string key)
    {
        await Page.FillAsync("#login-key", key);
        await Page.ClickAsync("#login-form button[type=submit]");
    }

    public async Task LoginAndWaitAsync()
    {
        await Page.Locator("#view-login").WaitForAsync();
        await LoginAsync(LiveServer.SecretKey);
        await Page.Locator("#view-upload").WaitForAsync();
    }

    public ILocator LoginMessage => Page.Locator("#login-message");

    public Task PickFilesAsync(params string[] paths) => Page.SetInputFilesAsync("#pick-files", paths);

    public Task PickFolderAsync(string folder) => Page.SetInputFilesAsync("#pick-folder", folder);

    public ILocator Row(string relativePath) =>
        Page.Locator("#upload-list li").Filter(new LocatorFilterOptions { Has = Page.Locator($".name[title='{relativePath}']") });

    public async Task<string> FileIdOfAsync(string relativePath) =>
        await Row(relativePath).GetAttributeAsync("data-file-id") ?? throw new InvalidOperationException($"no row for {relativePath}");

    public Task WaitForStateAsync(string relativePath, string state, TimeSpan? timeout = null) =>
        Page.Locator($"#upload-list li[data-state='{state}']")
            .Filter(new LocatorFilterOptions { Has = Page.Locator($".name[title='{relativePath}']") })
            .WaitForAsync(new LocatorWaitForOptions { Timeout = (float)(timeout ?? Upload).TotalMilliseconds });

    /// <summary>Holds every upload_chunk request back by <paramref name="delay"/>: loopback is too fast to catch an upload half-way.</summary>
    public Task ThrottleChunksAsync(TimeSpan delay) =>
        Page.RouteAsync("**/go-uploader/upload_chunk", async route =>
        {
            await Task.Delay(delay);
            await route.ContinueAsync();
        });

    public Task UnthrottleAsync() => Page.UnrouteAllAsync(new PageUnrouteAllOptions { Behavior = UnrouteBehavior.IgnoreErrors });

    public async Task ShowAsync(string view)
    {
        await Page.ClickAsync($"#nav a[data-view='{view}']");
        await Page.Locator($"#view-{view}").WaitForAsync();
    }

    /// <summary>Polls the server until the task holds at least <paramref name="chunks"/> chunks.</summary>
    public async Task WaitForStoredChunksAsync(string fileId, int chunks)
    {
        var deadline = DateTime.UtcNow + Upload;
        while (await server.StoredChunksAsync(fileId) < chunks)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{fileId} never reached {chunks} stored chunks");
            await Task.Delay(50);
        }
    }

    public static async Task<string> RandomFileAsync(string folder, string relativePath, int bytes)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(bytes));
        return path;
    }

    public static string Md5Of(string path)
    {
        // md5 is the contract's checksum, compared here, not used for security.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }
}
