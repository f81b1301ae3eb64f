namespace Uploader.Cli.Output;

/// <summary>Rows of text padded into columns: plain spaces, so the output greps and cuts well.</summary>
internal sealed class TextTable
{
    private readonly List<string[]> rows = [];

    public TextTable Add(params string[] cells)
    {
        rows.Add(cells);
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns)
            .Select(c => rows.Where(r => c < r.Length).Max(r => r[c].Length))
            .ToArray();
        foreach (var row in rows)
        {
            var padded = row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]));
            writer.WriteLine(string.Join("  ", padded).TrimEnd());
        }
    }
}
