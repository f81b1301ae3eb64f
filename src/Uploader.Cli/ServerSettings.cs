using System.CommandLine;
using Uploader.Cli.Commands;
using Uploader.Client;

namespace Uploader.Cli;

/// <summary>Where the server is and how to talk to it: options first, then the environment, then the defaults.</summary>
internal sealed record ServerSettings(Uri BaseAddress, string? ApiKey, int Retries, TimeSpan RetryDelay, TimeSpan AttemptTimeout)
{
    public static ServerSettings From(ParseResult parse, GlobalOptions global, CliEnvironment environment) => new(
        parse.GetValue(global.Server) ?? ServerFromEnvironment(environment),
        NonEmpty(parse.GetValue(global.Key)) ?? NonEmpty(environment.GetVariable(GlobalOptions.KeyVariable)),
        parse.GetValue(global.Retries),
        parse.GetValue(global.RetryDelay) ?? TimeSpan.FromSeconds(1),
        parse.GetValue(global.Timeout) ?? TimeSpan.FromSeconds(100));

    /// <summary>The server a failure message names; null when even that is unknown.</summary>
    public static Uri? TryBaseAddress(ParseResult parse, GlobalOptions global, CliEnvironment environment)
    {
        try
        {
            return parse.GetValue(global.Server) ?? ServerFromEnvironment(environment);
        }
        catch (InvalidSettingException)
        {
            return null;
        }
    }

    public UploaderClientOptions ToClientOptions() => new()
    {
        BaseAddress = BaseAddress,
        ApiKey = ApiKey,
        RetryMaxAttempts = Retries,
        RetryInitialDelay = RetryDelay,
        AttemptTimeout = AttemptTimeout,
    };

    private static Uri ServerFromEnvironment(CliEnvironment environment)
    {
        var text = NonEmpty(environment.GetVariable(GlobalOptions.ServerVariable));
        if (text is null)
        {
            return new Uri(GlobalOptions.DefaultServer);
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidSettingException($"{GlobalOptions.ServerVariable} '{text}' is not an http:// or https:// URL.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
