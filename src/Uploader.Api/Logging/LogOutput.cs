using Serilog;
using Serilog.Formatting.Compact;

namespace Uploader.Api.Logging;

/// <summary>Where and how the log is written: the console, as text lines or as compact JSON (config `log_format`).</summary>
public static class LogOutput
{
    public const string Text = "text";
    public const string Json = "json";

    /// <summary>Serilog's default console line, with the exception's messages escaped by <see cref="ClientTextEnricher"/>.</summary>
    public const string TextTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{" + ClientTextEnricher.ExceptionProperty + ":l}";

    public static LoggerConfiguration WriteToConsole(this LoggerConfiguration logger, string format)
    {
        ArgumentNullException.ThrowIfNull(logger);

        // JSON escapes every control character itself; one event stays one line however a client wrote.
        return format == Json
            ? logger.WriteTo.Console(new CompactJsonFormatter())
            : logger.Enrich.With<ClientTextEnricher>().WriteTo.Console(outputTemplate: TextTemplate);
    }
}
