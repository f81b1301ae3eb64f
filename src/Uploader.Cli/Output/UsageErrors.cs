using System.CommandLine;

namespace Uploader.Cli.Output;

/// <summary>Parse errors as short lines instead of System.CommandLine's full help, with exit code 2.</summary>
internal static class UsageErrors
{
    public static int Write(ParseResult parse, TextWriter stderr)
    {
        foreach (var error in parse.Errors)
        {
            stderr.WriteLine($"error: {error.Message}");
        }

        var command = string.Join(' ', CommandPath(parse.CommandResult.Command));
        stderr.WriteLine($"Run '{command} --help' for usage.");
        return ExitCodes.UsageError;
    }

    private static Stack<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? symbol = command; symbol is Command current; symbol = current.Parents.FirstOrDefault())
        {
            names.Push(current is RootCommand ? "uploader" : current.Name);
        }

        return names;
    }
}
