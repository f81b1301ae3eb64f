using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Uploader.Cli.Commands;

/// <summary>
/// Examples to copy at the end of a command's --help. Kept apart from the description, which the parent's command
/// list shows as well and must stay one line.
/// </summary>
internal static class CommandHelp
{
    private static readonly ConditionalWeakTable<Command, string[]> ExamplesOf = [];

    public static T WithExamples<T>(this T command, params string[] examples)
        where T : Command
    {
        ExamplesOf.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>Makes the root's --help (recursive, so every command's) write the default help, then the examples.</summary>
    public static void ShowExamples(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExamples((HelpAction)help.Action!);
    }

    private sealed class HelpWithExamples(HelpAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = help.Invoke(parseResult);
            if (ExamplesOf.TryGetValue(parseResult.CommandResult.Command, out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
            }

            return exitCode;
        }
    }
}
