namespace Uploader.Cli;

/// <summary>What the CLI reads from its process besides the arguments, injectable so tests run it in-process.</summary>
public sealed class CliEnvironment
{
    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>True when stdout is a terminal: only then is the live progress bar drawn.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>How often redirected output gets a progress line when no 10 % step was crossed.</summary>
    public TimeSpan PlainProgressInterval { get; init; } = TimeSpan.FromSeconds(3);

    public static CliEnvironment FromProcess() => new()
    {
        GetVariable = Environment.GetEnvironmentVariable,
        OutputIsTerminal = !Console.IsOutputRedirected,
    };

    /// <summary>An environment with only the given variables and redirected output.</summary>
    public static CliEnvironment WithVariables(IReadOnlyDictionary<string, string> variables) => new()
    {
        GetVariable = name => variables.TryGetValue(name, out var value) ? value : null,
    };
}
