using System.Diagnostics;

namespace Uploader.Api.Tests;

/// <summary>
/// What a server process logged to stdout (text format) since a mark: its entries by level, for asserts on the log
/// of one request. An entry is a line that starts with `[HH:mm:ss LVL]`; an exception's stack trace follows it.
/// </summary>
/// <param name="fromStart">Include what the server logged before this object was made (its start).</param>
internal sealed class ServerLog(ServerProcess server, bool fromStart = false)
{
    private const string Stdout = "out: ";

    private int _mark = fromStart ? 0 : server.Output.Length;

    /// <summary>Forgets what was logged so far (the start-up lines, an earlier request).</summary>
    public void Mark() => _mark = server.Output.Length;

    public IReadOnlyList<string> Lines =>
        server.Output[_mark..].Split('\n')
            .Where(l => l.StartsWith(Stdout, StringComparison.Ordinal))
            .Select(l => l[Stdout.Length..].TrimEnd('\r'))
            .ToList();

    /// <summary>The entries of one level: INF, WRN, ERR, ...</summary>
    public IReadOnlyList<string> Entries(string level) =>
        Lines.Where(l => l.StartsWith('[') && l.Contains($" {level}] ", StringComparison.Ordinal)).ToList();

    /// <summary>Waits until a line containing <paramref name="text"/> was logged; a bound against hanging, not a timing assertion.</summary>
    public async Task WaitForAsync(string text, TimeSpan bound)
    {
        var waited = Stopwatch.StartNew();
        while (!Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (waited.Elapsed > bound)
            {
                throw new Xunit.Sdk.XunitException($"No log line with '{text}' within {bound}; logged since the mark:\n{string.Join('\n', Lines)}");
            }

            await Task.Delay(50);
        }
    }
}
