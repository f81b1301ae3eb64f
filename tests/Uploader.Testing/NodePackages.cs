using System.Diagnostics;
using System.Text.Json;

namespace Uploader.Testing;

/// <summary>
/// npm packages the tests run with the machine's Node (s3rver, tus clients), installed on first use into the tests'
/// cache (~/.cache/uploader-tests/NAME-VERSION), with Node and npm from Debian's packages when the machine has none
/// (the tests run as root).
/// </summary>
public static class NodePackages
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static readonly string[] NodeBinaries = ["/usr/bin/node", "/usr/local/bin/node"];
    private static readonly string[] NpmBinaries = ["/usr/bin/npm", "/usr/local/bin/npm"];

    /// <summary>The node executable to start.</summary>
    public static string Node => Find(NodeBinaries) ?? "node";

    /// <summary>The node_modules folder holding <paramref name="package"/> at exactly <paramref name="version"/>.</summary>
    public static async Task<string> InstalledAsync(string package, string version)
    {
        var home = Path.Combine(CacheRoot(), $"{package.Replace('/', '-').TrimStart('@')}-{version}");
        var modules = Path.Combine(home, "node_modules");
        await InstallGate.WaitAsync();
        try
        {
            if (IsInstalled(modules, package, version))
            {
                return modules;
            }

            await EnsureNodeAsync();

            // npm installs into a folder of its own, moved into place whole: a run killed during npm leaves no
            // half-installed cache, and two test processes installing at once both end with a complete one.
            var staging = $"{home}.{Guid.NewGuid():N}.partial";
            Directory.CreateDirectory(staging);
            var (code, output) = await RunAsync(Find(NpmBinaries) ?? "npm", "install", "--prefix", staging, "--no-audit", "--no-fund", "--no-save", "--loglevel=error", $"{package}@{version}");
            if (code != 0 || !IsInstalled(Path.Combine(staging, "node_modules"), package, version))
            {
                Directory.Delete(staging, recursive: true);
                throw new InvalidOperationException($"npm install {package}@{version} failed with {code}: {output}");
            }

            try
            {
                Directory.Move(staging, home);
            }
            catch (IOException) when (IsInstalled(modules, package, version))
            {
                Directory.Delete(staging, recursive: true);
            }

            return modules;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static string CacheRoot()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "uploader-tests");
    }

    private static bool IsInstalled(string modules, string package, string version)
    {
        var manifest = Path.Combine(modules, package, "package.json");
        if (!File.Exists(manifest))
        {
            return false;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.TryGetProperty("version", out var found) && found.GetString() == version;
    }

    private static async Task EnsureNodeAsync()
    {
        if (Find(NodeBinaries) is not null && Find(NpmBinaries) is not null)
        {
            return;
        }

        await RunAsync("apt-get", "update", "-qq");
        var (code, output) = await RunAsync("apt-get", "install", "-y", "-qq", "nodejs", "npm");
        if (Find(NodeBinaries) is null || Find(NpmBinaries) is null)
        {
            throw new InvalidOperationException($"node/npm are not installed and apt-get could not install them ({code}): {output}");
        }
    }

    private static string? Find(string[] candidates) => Array.Find(candidates, File.Exists);

    /// <summary>Runs a program to its end; its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
