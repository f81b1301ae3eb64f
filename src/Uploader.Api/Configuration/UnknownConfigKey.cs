namespace Uploader.Api.Configuration;

/// <summary>
/// A key of config.json that this version ignores, with the key it most likely meant: the closest by edit distance
/// among the keys this version reads and those the contract adds later (<see cref="NearestIsSupported"/> false),
/// or none when nothing is close. A key the contract names but this version lacks is its own nearest.
/// </summary>
public sealed record UnknownConfigKey(string Key, string? Nearest, bool NearestIsSupported)
{
    /// <summary>The candidate closest to <paramref name="key"/>, if its distance is at most a third of the key's length (2 for short keys).</summary>
    public static string? Closest(string key, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(key);
        var typed = Normal(key);
        var limit = Math.Max(2, typed.Length / 3);
        return candidates
            .Select(c => (Candidate: c, Distance: Distance(typed, Normal(c))))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    /// <summary>Case and a dash for the underscore are typos too.</summary>
    private static string Normal(string key) => key.ToLowerInvariant().Replace('-', '_');

    /// <summary>Edits (insert, delete, replace, swap two neighbours) that turn one key into the other.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
