using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uploader.Api.Contracts;

namespace Uploader.Api.Health;

/// <summary>Writes a health report in the contract's snake_case shape; exceptions stay in the server log.</summary>
public static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        var body = new HealthResponse(
            Word(report.Status),
            clock.GetUtcNow().UtcDateTime,
            report.Entries.ToDictionary(e => e.Key, e => Check(e.Value)));
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    /// <summary>The contract's words: a degraded check is a "warning", which keeps the probe at 200.</summary>
    public static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "warning",
        _ => "unhealthy",
    };

    private static HealthCheckResponse Check(HealthReportEntry entry) =>
        new(Word(entry.Status), entry.Description ?? Fallback(entry.Status), Math.Round(entry.Duration.TotalMilliseconds, 2))
        {
            Figures = entry.Data.Count == 0 ? null : entry.Data.ToDictionary(d => d.Key, d => d.Value),
        };

    private static string Fallback(HealthStatus status) =>
        status == HealthStatus.Healthy ? "OK." : "The check failed; the server log has the error.";
}
