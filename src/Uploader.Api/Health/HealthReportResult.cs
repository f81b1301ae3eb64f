using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Uploader.Api.Contracts;

namespace Uploader.Api.Health;

/// <summary>
/// A probe's answer: 200 for healthy or warning, 503 for unhealthy, the report in the contract's snake_case shape;
/// exceptions stay in the server log. Never cached: a probe's answer is about this moment, and the second of reuse
/// (<see cref="HealthReportCache"/>) is the server's, no cache's.
/// </summary>
public sealed class HealthReportResult(HealthReport report) : IActionResult
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var response = http.Response;
        response.StatusCode = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        response.Headers.CacheControl = "no-store, no-cache";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        response.ContentType = "application/json; charset=utf-8";
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var body = new HealthResponse(
            Word(report.Status),
            clock.GetUtcNow().UtcDateTime,
            report.Entries.ToDictionary(e => e.Key, e => Check(e.Value)));
        return JsonSerializer.SerializeAsync(response.Body, body, Json, http.RequestAborted);
    }

    /// <summary>The contract's words: a degraded check is a "warning", which keeps the probe at 200.</summary>
    private static string Word(HealthStatus status) => status switch
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
