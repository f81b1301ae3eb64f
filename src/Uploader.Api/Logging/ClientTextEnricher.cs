using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace Uploader.Api.Logging;

/// <summary>
/// For the text log: every string property of every event is escaped (<see cref="ClientText"/>), since any of
/// them may carry a client's path, query, file name or id; and an exception is rendered as
/// <see cref="ExceptionProperty"/> with its messages escaped, since a message can quote client text (an
/// IOException names the file). Stack traces stay multi-line: they are the server's own text.
/// </summary>
/// <remarks>
/// Only scalars: sequences and structures are written as JSON by the `:j` of the message format, which escapes them.
/// </remarks>
public sealed class ClientTextEnricher : ILogEventEnricher
{
    public const string ExceptionProperty = "EscapedException";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string or Uri } scalar
                && ClientText.Escape(scalar.Value.ToString()!) is var escaped
                && !ReferenceEquals(escaped, scalar.Value))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(escaped)));
            }
        }

        if (logEvent.Exception is { } exception)
        {
            logEvent.AddOrUpdateProperty(new LogEventProperty(ExceptionProperty, new ScalarValue(Describe(exception))));
        }
    }

    /// <summary>Like Exception.ToString (type, message, stack trace, then each inner one), messages escaped.</summary>
    private static string Describe(Exception exception)
    {
        var text = new StringBuilder();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            text.Append(current == exception ? string.Empty : " ---> ")
                .Append(current.GetType().FullName).Append(": ").Append(ClientText.Escape(current.Message))
                .AppendLine();
            if (current.StackTrace is { } trace)
            {
                text.AppendLine(trace);
            }
        }

        return text.ToString();
    }
}
