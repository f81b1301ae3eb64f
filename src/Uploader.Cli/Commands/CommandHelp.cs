namespace Uploader.Cli.Commands;

/// <summary>A command's description for --help: what it does, then examples to copy.</summary>
internal static class CommandHelp
{
    public static string WithExamples(string description, params string[] examples) =>
        $"{description}{Environment.NewLine}{Environment.NewLine}Examples:{Environment.NewLine}" +
        string.Join(Environment.NewLine, examples.Select(e => "  " + e));
}
