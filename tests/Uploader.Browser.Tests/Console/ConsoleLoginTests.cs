using Microsoft.Playwright;

namespace Uploader.Browser.Tests.Console;

/// <summary>Logging in and out of the web console, what the page keeps, its headers and its languages.</summary>
public sealed class ConsoleLoginTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task The_root_redirects_to_the_console_which_logs_in_with_the_key_and_out_again()
    {
        await ConsolePage.RunAsync(server, nameof(The_root_redirects_to_the_console_which_logs_in_with_the_key_and_out_again), async (console, browser) =>
        {
            Assert.EndsWith("/go-uploader/", console.Page.Url, StringComparison.Ordinal);
            await console.Page.Locator("#view-login").WaitForAsync();
            await browser.SaveScreenshotAsync("console-login");
            await console.LoginAsync("not-the-key");
            await Assertions.Expect(console.LoginMessage).ToHaveTextAsync("Wrong key.");

            await console.LoginAndWaitAsync();
            await Assertions.Expect(console.Page.Locator("#limits")).ToContainTextAsync("1.0 MiB");
            var cookies = await browser.Context.CookiesAsync();
            var session = Assert.Single(cookies, c => c.Path == "/go-uploader");
            Assert.True(session.HttpOnly);
            Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
            Assert.DoesNotContain(LiveServer.SecretKey, session.Value, StringComparison.Ordinal);
            var stored = await console.Page.EvaluateAsync<string>("() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })");
            Assert.DoesNotContain(LiveServer.SecretKey, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(session.Value, stored, StringComparison.Ordinal);

            await console.Page.ReloadAsync();
            await console.Page.Locator("#view-upload").WaitForAsync();

            await console.Page.ClickAsync("#logout");
            await console.Page.Locator("#view-login").WaitForAsync();
            await console.Page.ReloadAsync();
            await console.Page.Locator("#view-login").WaitForAsync();
        });
    }

    [Fact]
    public async Task The_page_is_served_with_a_strict_content_security_policy_and_no_framing()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        foreach (var path in new[] { "go-uploader/", "go-uploader/js/main.js", "go-uploader/vendor/md5.umd.min.js" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self' 'wasm-unsafe-eval';", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        }

        var page = await http.GetStringAsync(new Uri("go-uploader/", UriKind.Relative));
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", page);
        Assert.DoesNotMatch("(?i)https?://", page);
    }

    [Fact]
    public async Task A_chinese_browser_gets_the_chinese_console_and_can_switch_to_english()
    {
        await using var browser = await BrowserSession.StartAsync("zh-CN");
        var console = new ConsolePage(browser, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(nameof(A_chinese_browser_gets_the_chinese_console_and_can_switch_to_english), async () =>
        {
            await console.OpenAsync();
            await Assertions.Expect(console.Page.Locator("#login-form h2")).ToHaveTextAsync("登录");
            await console.LoginAsync("not-the-key");
            await Assertions.Expect(console.LoginMessage).ToHaveTextAsync("密钥错误。");
            await console.LoginAndWaitAsync();
            await Assertions.Expect(console.Page.Locator("#nav a[data-view=upload]")).ToHaveTextAsync("上传");
            await Assertions.Expect(console.Page.Locator("#drop-zone p").First).ToHaveTextAsync("将文件或文件夹拖到这里");
            await console.ShowAsync("tasks");
            await Assertions.Expect(console.Page.Locator("#task-table th").Nth(1)).ToHaveTextAsync("名称");
            await Assertions.Expect(console.Page.Locator("#page-text")).ToContainTextAsync("第 1 / 1 页");
            await browser.SaveScreenshotAsync("console-zh");

            await console.Page.SelectOptionAsync("#language", "en");
            await Assertions.Expect(console.Page.Locator("#nav a[data-view=upload]")).ToHaveTextAsync("Upload");
            await console.Page.ReloadAsync();
            await Assertions.Expect(console.Page.Locator("#nav a[data-view=upload]")).ToHaveTextAsync("Upload");
            Assert.Equal("en", await console.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
            Assert.Empty(console.Problems);
        }));
    }
}

/// <summary>The lockout as the login form shows it; a class of its own for a server of its own (the lockout holds the whole address).</summary>
public sealed class ConsoleLockoutTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task Ten_wrong_keys_lock_the_address_out_and_the_form_says_for_how_long()
    {
        await using var browser = await BrowserSession.StartAsync();
        var console = new ConsolePage(browser, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(nameof(Ten_wrong_keys_lock_the_address_out_and_the_form_says_for_how_long), async () =>
        {
            await console.OpenAsync();
            await console.Page.Locator("#view-login").WaitForAsync();
            for (var attempt = 1; attempt <= 10; attempt++)
            {
                await console.LoginAsync($"wrong-{attempt}");
                await Assertions.Expect(console.LoginMessage).ToHaveTextAsync("Wrong key.");
                await console.Page.EvaluateAsync("() => document.getElementById('login-message').textContent = ''");
            }

            await console.LoginAsync(LiveServer.SecretKey);
            await Assertions.Expect(console.LoginMessage).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Too many wrong keys from this address: try again in [0-9]+ s\\.$"));
            Assert.True(await console.Page.Locator("#view-upload").IsHiddenAsync());
            await browser.SaveScreenshotAsync("console-lockout");
        }));
    }
}
