using System.Text.Json;

namespace Uploader.Client.Tests.Cli;

/// <summary>What one CLI run left behind.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout as the one JSON document a --json run must write.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    /// <summary>stderr's lines that are not progress: the failure message, when there is one.</summary>
    public IReadOnlyList<string> ErrorLines =>
        [.. Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal))];

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
