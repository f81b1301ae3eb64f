namespace Uploader.Cli;

/// <summary>Where a command writes and what it may read; one per run.</summary>
internal sealed record CliContext(TextWriter Stdout, TextWriter Stderr, CliEnvironment Environment);
