using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Uploader.Application.Behaviours;

/// <summary>
/// One structured log line per command or query: its name, outcome and duration. A success is Debug: at the
/// default level the request log's line ("HTTP GET ... responded 200 in ... ms") is the one line per request.
/// </summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string MessageName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsedMs = ElapsedMs(started);
            LogHandled(MessageName, elapsedMs);
            return response;
        }
        catch (Exception ex)
        {
            var elapsedMs = ElapsedMs(started);
            LogRefused(MessageName, ex.GetType().Name, elapsedMs, ex.Message);
            throw;
        }
    }

    private static double ElapsedMs(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Message} handled in {ElapsedMs:0.0} ms")]
    private partial void LogHandled(string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message} ended with {Error} after {ElapsedMs:0.0} ms: {Detail}")]
    private partial void LogRefused(string message, string error, double elapsedMs, string detail);
}
