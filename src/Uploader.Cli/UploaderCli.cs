using System.CommandLine;
using System.CommandLine.Invocation;
using Uploader.Cli.Commands;
using Uploader.Cli.Output;

namespace Uploader.Cli;

/// <summary>The whole CLI behind one call, so tests run it in-process with their own writers and environment.</summary>
public static class UploaderCli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, stdout, stderr, CliEnvironment.FromProcess(), cancellationToken);

    /// <summary>
    /// The same with the environment variables as a dictionary and stdout taken as redirected: only BCL types, so a
    /// caller that loads this assembly by reflection (the CLI tests) can call it.
    /// </summary>
    public static Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken = default) =>
        RunAsync(args, stdout, stderr, CliEnvironment.WithVariables(environment), cancellationToken);

    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cli = new CliContext(stdout, stderr, environment);
        var global = new GlobalOptions();
        var parse = CommandTree.Build(cli, global).Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            return UsageErrors.Write(parse, stderr);
        }

        // The caller owns Ctrl+C (Program.cs) and exception reporting (FailureReport), not System.CommandLine.
        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
#pragma warning disable CA1031 // every failure becomes an exit code and one line on stderr, never a stack trace
        catch (Exception failure)
#pragma warning restore CA1031
        {
            var server = ServerSettings.TryBaseAddress(parse, global, environment);
            return new FailureReport(cli, parse.GetValue(global.Json), server, parse.CommandResult.Command.Name).Write(failure, cancellationToken);
        }
    }
}
