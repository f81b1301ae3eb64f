namespace Uploader.Api.Tests;

/// <summary>
/// Names a client might use to write outside merged_dir, keyed by a readable case name (test case names stay
/// printable even for the NUL case). Every escape target is named "escape-{Marker}.txt" so a test can look for it.
/// </summary>
public static class HostilePaths
{
    public static readonly string Marker = Guid.NewGuid().ToString("N");

    private static readonly string Escape = $"escape-{Marker}.txt";

    public static readonly IReadOnlyDictionary<string, string> RelativePaths = new Dictionary<string, string>
    {
        ["parent"] = $"../{Escape}",
        ["nested parent"] = $"a/../../{Escape}",
        ["grandparent"] = $"../../{Escape}",
        ["dot segment"] = $"a/./{Escape}",
        ["empty segment"] = $"a//{Escape}",
        ["absolute"] = $"/tmp/{Escape}",
        ["absolute etc"] = "/etc/x",
        ["drive backslash"] = "C:\\x",
        ["drive slash"] = $"C:/{Escape}",
        ["nul"] = $"a\0/{Escape}",
        ["newline"] = $"a\n/{Escape}",
        ["backslash"] = $"a\\..\\..\\{Escape}",
        ["division slash"] = $"..\u2215{Escape}",
        ["fullwidth slash"] = $"..\uFF0F{Escape}",
        ["reserved device"] = "a/CON.txt",
        ["merge temp name"] = ".uploader-1.merging",
        ["reserved prefix in a folder"] = "a/.UPLOADER-health-1.probe",
        ["256 utf8 bytes in 128 characters"] = new string('\u00E9', 128),
        ["256 utf8 bytes in a folder name"] = new string('\u00E9', 128) + "/x.txt",
    };

    public static readonly IReadOnlyDictionary<string, string> FileNames = new Dictionary<string, string>
    {
        ["slash"] = "a/b.txt",
        ["parent"] = $"../{Escape}",
        ["dot dot"] = "..",
        ["absolute"] = "/etc/passwd",
        ["backslash"] = $"..\\{Escape}",
        ["merge temp name"] = ".uploader-1.merging",
        ["256 utf8 bytes"] = new string('\u00E9', 126) + ".txt",
    };

    public static TheoryData<string> RelativePathCases => [.. RelativePaths.Keys];

    public static TheoryData<string> FileNameCases => [.. FileNames.Keys];

    /// <summary>Where the escape file would land for each way out, from <paramref name="mergedDir"/> up to the temp root's parent.</summary>
    public static IEnumerable<string> EscapeTargets(string mergedDir)
    {
        for (var folder = mergedDir; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            yield return Path.Combine(folder, Escape);
        }

        yield return Path.Combine(Path.GetTempPath(), Escape);
    }
}
