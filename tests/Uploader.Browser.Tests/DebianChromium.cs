using System.Diagnostics;
using Xunit.Sdk;

namespace Uploader.Browser.Tests;

/// <summary>
/// The browser every browser test drives: Debian's chromium package. Playwright's own browser builds come from a
/// download that cannot happen here (`playwright install`), so the package is installed instead: by .ci/run, and
/// here when a machine lacks it (as root; otherwise the test fails and says what to install).
/// </summary>
internal static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>
    /// The flags of every launch: no GPU, no sandbox (the tests run as root in a container), and none of the
    /// background traffic Chromium starts on its own (component updates, sync, QUIC probes, first-run pages).
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-quic", "--no-first-run",
    ];

    /// <summary>
    /// A Chinese font (WenQuanYi Micro Hei, ~5 MB), so that the console's Chinese view renders glyphs rather than boxes
    /// in the screenshots: the tests read the text from the DOM either way, but a person looks at docs/console.md.
    /// </summary>
    private const string ChineseFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    public static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            string[] missing = [.. new[] { (ExecutablePath, "chromium"), (ChineseFont, "fonts-wqy-microhei") }
                .Where(p => !File.Exists(p.Item1)).Select(p => p.Item2)];
            if (missing.Length == 0)
            {
                return;
            }

            if (!Environment.IsPrivilegedProcess)
            {
                throw new XunitException(
                    $"{string.Join(", ", missing)} missing and this test run is not root, so it cannot install them: "
                    + $"run `sudo apt-get install -y {string.Join(' ', missing)}` (Debian's packages; Playwright's browser download is not used).");
            }

            await RunAsync("apt-get", "update");
            await RunAsync("apt-get", ["install", "-y", .. missing]);
            if (!File.Exists(ExecutablePath))
            {
                throw new XunitException($"apt-get installed chromium but {ExecutablePath} is still missing.");
            }
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new XunitException(
                $"`{program} {string.Join(' ', arguments)}` exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}
