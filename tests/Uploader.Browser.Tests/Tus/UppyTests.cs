using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Playwright;

namespace Uploader.Browser.Tests.Tus;

/// <summary>
/// Uppy (Dashboard + Tus, the npm bundle <see cref="UppyServer.UppyVersion"/>) in Chromium, on a page of another
/// origin than the server, uploading to /go-uploader/tus/ with the key: what a site that embeds Uppy does.
/// </summary>
public sealed class UppyTests(UppyServer server) : IClassFixture<UppyServer>
{
    private const int MiB = 1024 * 1024;

    private static readonly TimeSpan Upload = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Merge = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_file_dropped_on_the_dashboard_is_uploaded_over_tus_and_listed_in_tasks_as_completed_with_its_md5()
    {
        var name = $"uppy-dropped-{Guid.NewGuid():N}"[..24] + ".bin";
        var file = Path.Combine(server.ScratchDir, name);
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes((3 * MiB) + 4321));
        var md5 = Md5Of(file);

        await using var browser = await BrowserSession.StartAsync();
        var page = new UppyPage(browser.Page, server);
        await server.ExplainFailuresAsync(() => browser.ExplainFailuresAsync(nameof(A_file_dropped_on_the_dashboard_is_uploaded_over_tus_and_listed_in_tasks_as_completed_with_its_md5), async () =>
        {
            await page.OpenAsync();
            await page.DropAsync(file);
            await browser.Page.Locator(".uppy-Dashboard-Item").Filter(new() { HasText = name }).WaitForAsync();
            await page.PressUploadAsync();

            var result = await page.WaitForCompleteAsync(Upload);
            Assert.True(result.Failed.Count == 0, $"Uppy failed: {string.Join("; ", result.Failed)}\n{page.Log}");
            var uploaded = Assert.Single(result.Successful);
            Assert.Equal(name, uploaded.Name);
            await browser.Page.Locator(".uppy-StatusBar.is-complete").WaitForAsync();
            await browser.Page.Locator(".uppy-Dashboard-Item.is-complete").Filter(new() { HasText = name }).WaitForAsync();

            // The upload's URL is the server's Location: /go-uploader/tus/{file_id}.
            var fileId = new Uri(uploaded.UploadUrl).Segments[^1];
            Assert.StartsWith("tus-", fileId, StringComparison.Ordinal);

            var listed = await WaitUntilListedCompletedAsync(fileId);
            Assert.Equal(md5, listed.GetProperty("file_md5").GetString());
            Assert.Equal(new FileInfo(file).Length, listed.GetProperty("file_size").GetInt64());
            // Uppy sends the metadata relativePath "null" (String(null)) for a file that has none.
            Assert.True(name == listed.GetProperty("filename").GetString() && name == listed.GetProperty("relative_path").GetString(),
                $"the task's filename/relative_path are not the dropped file's name {name}: {listed}\n{page.Log}");

            var task = await server.TaskAsync(fileId);
            Assert.Equal(md5, task.GetProperty("md5").GetString());
            Assert.Equal(md5, Md5Of(Path.Combine(server.MergedDir, name)));

            Assert.True(page.Problems.Count == 0, $"problems in the page:\n{string.Join('\n', page.Problems)}\n{page.Log}");
        }));
    }

    /// <summary>Polls GET /go-uploader/tasks (the merge runs in the background) until the task is listed as completed.</summary>
    private async Task<JsonElement> WaitUntilListedCompletedAsync(string fileId)
    {
        var deadline = DateTime.UtcNow + Merge;
        while (true)
        {
            var list = await server.SendAsync(HttpMethod.Get, "tasks?page_size=500");
            var rows = list.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("file_id").GetString() == fileId).ToList();
            if (rows is [var row] && row.GetProperty("status").GetString() == "completed")
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{fileId} not listed as completed in GET tasks after {Merge}: {list}");
            await Task.Delay(100);
        }
    }

    private static string Md5Of(string path)
    {
        // md5 is the contract's checksum, compared here, not used for security.
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }
}

/// <summary>One file Uppy reports in its complete event.</summary>
internal sealed record UppyFile(string Name, string UploadUrl);

/// <summary>What Uppy's complete event carried.</summary>
internal sealed record UppyResult(IReadOnlyList<UppyFile> Successful, IReadOnlyList<string> Failed);

/// <summary>
/// The test page: Uppy's Dashboard (inline) with the Tus plugin, served by Playwright under
/// <see cref="UppyServer.PageOrigin"/> from the installed npm package.
/// </summary>
internal sealed class UppyPage(IPage page, UppyServer server)
{
    private readonly List<string> _log = [];

    /// <summary>Page errors and console errors (a CORS refusal shows as one): none is expected.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Everything the page printed (Uppy runs with debug), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return "page console:\n" + string.Join('\n', _log);
            }
        }
    }

    public async Task OpenAsync()
    {
        var dist = await server.UppyDistAsync();
        var endpoint = new Uri(server.BaseAddress, "go-uploader/tus/").ToString();
        var html = Html.Replace("{{endpoint}}", JsonSerializer.Serialize(endpoint), StringComparison.Ordinal)
            .Replace("{{key}}", JsonSerializer.Serialize(LiveServer.SecretKey), StringComparison.Ordinal);

        page.PageError += (_, error) => Problems.Add("page error: " + error);
        page.Console += (_, message) =>
        {
            lock (_log)
            {
                _log.Add($"[{message.Type}] {message.Text}");
            }

            if (message.Type == "error")
            {
                Problems.Add("console error: " + message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/go-uploader/tus/", StringComparison.Ordinal))
            {
                var metadata = response.Request.Headers.TryGetValue("upload-metadata", out var value) ? $" Upload-Metadata: {value}" : "";
                lock (_log)
                {
                    _log.Add($"[tus] {response.Request.Method} {response.Url} -> {response.Status}{metadata}");
                }
            }
        };
        await page.RouteAsync(server.PageOrigin + "**", async route =>
        {
            var path = new Uri(route.Request.Url).AbsolutePath;
            switch (path)
            {
                case "/":
                    await route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = html });
                    break;
                case "/uppy.min.js":
                    await route.FulfillAsync(new() { Status = 200, ContentType = "text/javascript; charset=utf-8", Path = Path.Combine(dist, "uppy.min.js") });
                    break;
                case "/uppy.min.css":
                    await route.FulfillAsync(new() { Status = 200, ContentType = "text/css; charset=utf-8", Path = Path.Combine(dist, "uppy.min.css") });
                    break;
                default:
                    await route.FulfillAsync(new() { Status = 204 });
                    break;
            }
        });
        // A page that reaches into loopback needs Chromium's local network access permission (what a person grants
        // in the prompt); without it every request to the server fails before it is sent.
        await page.Context.GrantPermissionsAsync(["local-network-access"], new() { Origin = server.PageOrigin.GetLeftPart(UriPartial.Authority) });
        await page.GotoAsync(server.PageOrigin.ToString());
        await page.Locator(".uppy-Dashboard-AddFiles").WaitForAsync();
    }

    /// <summary>
    /// Drops <paramref name="path"/> on the dashboard's drop area: the file is picked into an input of the page's own
    /// (outside Uppy) so that it is a real file from disk, then dragged in a DataTransfer onto the dashboard
    /// (dragenter, dragover, drop, as a drag from the desktop fires them).
    /// </summary>
    public async Task DropAsync(string path)
    {
        await page.SetInputFilesAsync("#source", path);
        await page.EvaluateAsync("""
            () => {
              const data = new DataTransfer();
              data.items.add(document.querySelector('#source').files[0]);
              const target = document.querySelector('.uppy-Dashboard-AddFiles');
              for (const type of ['dragenter', 'dragover', 'drop']) {
                target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
              }
            }
            """);
    }

    /// <summary>The status bar's "Upload 1 file".</summary>
    public Task PressUploadAsync() => page.Locator("button.uppy-StatusBar-actionBtn--upload").ClickAsync();

    public async Task<UppyResult> WaitForCompleteAsync(TimeSpan timeout)
    {
        try
        {
            await page.WaitForFunctionAsync("() => window.uppyResult !== undefined", null, new() { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Uppy did not complete in {timeout}: {string.Join('\n', Problems)}\n{Log}", ex);
        }

        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.uppyResult)");
        using var doc = JsonDocument.Parse(json);
        var successful = doc.RootElement.GetProperty("successful").EnumerateArray()
            .Select(f => new UppyFile(f.GetProperty("name").GetString()!, f.GetProperty("uploadURL").GetString() ?? "")).ToList();
        var failed = doc.RootElement.GetProperty("failed").EnumerateArray().Select(f => f.ToString()).ToList();
        return new UppyResult(successful, failed);
    }

    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Uppy to Uploader</title>
          <link rel="stylesheet" href="/uppy.min.css">
        </head>
        <body>
          <input type="file" id="source" hidden>
          <div id="dashboard"></div>
          <script src="/uppy.min.js"></script>
          <script>
            const { Uppy: Core, Dashboard, Tus } = window.Uppy;
            const uppy = new Core({ debug: true, autoProceed: false })
              .use(Dashboard, { inline: true, target: '#dashboard', proudlyDisplayPoweredByUppy: false })
              .use(Tus, { endpoint: {{endpoint}}, headers: { 'X-Secret-Key': {{key}} } });
            uppy.on('complete', (result) => {
              window.uppyResult = {
                successful: result.successful.map((f) => ({ name: f.name, uploadURL: f.uploadURL ?? f.response?.uploadURL ?? null })),
                failed: result.failed.map((f) => ({ name: f.name, error: String(f.error) })),
              };
            });
          </script>
        </body>
        </html>
        """;
}
