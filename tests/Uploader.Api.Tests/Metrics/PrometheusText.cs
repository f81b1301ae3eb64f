using System.Globalization;
using System.Text.RegularExpressions;

namespace Uploader.Api.Tests;

/// <summary>
/// A parsed Prometheus text exposition (format 0.0.4): the `# TYPE` of each family and every sample's
/// value by name and labels.
/// </summary>
public sealed partial class PrometheusText
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly List<Sample> _samples = [];

    private PrometheusText(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                _types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: '{line}'");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            _samples.Add(new Sample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }
    }

    public string Text { get; }

    public static PrometheusText Parse(string text) => new(text);

    /// <summary>The `# TYPE` of a metric family, or null when it is not exported.</summary>
    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>The families exported, by name.</summary>
    public IEnumerable<string> Families => _types.Keys;

    /// <summary>The one sample with this name and exactly these labels; fails when there is none.</summary>
    public double Value(string name, params (string Name, string Value)[] labels) =>
        Find(name, labels) ?? throw new Xunit.Sdk.XunitException($"no sample {Describe(name, labels)} in:\n{Text}");

    /// <summary>A counter sample that may not exist yet: absent reads as 0.</summary>
    public double ValueOrZero(string name, params (string Name, string Value)[] labels) => Find(name, labels) ?? 0;

    public bool Has(string name, params (string Name, string Value)[] labels) => Find(name, labels) is not null;

    private double? Find(string name, (string Name, string Value)[] labels)
    {
        var matches = _samples
            .Where(s => s.Name == name && s.Labels.Count == labels.Length
                && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
            .ToList();
        Assert.True(matches.Count <= 1, $"{matches.Count} samples {Describe(name, labels)}");
        return matches.Count == 1 ? matches[0].Value : null;
    }

    private static string Describe(string name, (string Name, string Value)[] labels) =>
        $"{name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}";

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\S+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
