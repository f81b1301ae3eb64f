using Serilog.Events;

namespace Uploader.Api.Configuration;

internal static class LogLevels
{
    public static LogEventLevel Of(string level) => level switch
    {
        "trace" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "warn" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" => LogEventLevel.Fatal,
        _ => LogEventLevel.Information,
    };
}
