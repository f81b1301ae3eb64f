using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Uploader.Api.Problems;

/// <summary>Writes the contract's error body: RFC 9457 fields plus `code`, `error` (= detail) and `trace_id`.</summary>
public sealed class ProblemWriter
{
    private const string ProblemContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static ProblemDetails Create(
        HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Type = $"urn:uploader:error:{code}",
            Title = Titles.For(status),
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["error"] = detail;
        problem.Extensions["trace_id"] = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }

        return problem;
    }

    /// <summary>Writes the problem of <paramref name="code"/> with the status <see cref="ProblemCatalog"/> gives it.</summary>
    public Task WriteAsync(
        HttpContext context, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        WriteAsync(context, ProblemCatalog.StatusOf(code), code, detail, extensions);

    /// <summary>
    /// The problem of <paramref name="code"/> as an MVC result, for filters that refuse before the action. A JsonResult,
    /// not an ObjectResult: a controller's [Produces("application/json")] rewrites the content type of every
    /// ObjectResult, and this answer must stay application/problem+json.
    /// </summary>
    public ProblemResult Result(
        HttpContext context, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(Create(context, ProblemCatalog.StatusOf(code), code, detail, extensions), code, ProblemContentType);

    /// <summary>As <see cref="Result(HttpContext, string, string, IReadOnlyDictionary{string, object?}?)"/> with a status of its own (tus answers some codes with its own statuses).</summary>
    public ProblemResult Result(
        HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(Create(context, status, code, detail, extensions), code, ProblemContentType);

    /// <summary>Writes a problem with a status of its own, for an answer whose status was set before its code was known.</summary>
    public Task WriteAsync(
        HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = Create(context, status, code, detail, extensions);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, Json, ProblemContentType, context.RequestAborted);
    }

    private static class Titles
    {
        public static string For(int status) => status switch
        {
            400 => "The request is not valid",
            401 => "Authentication required",
            403 => "Forbidden",
            404 => "Not found",
            405 => "Method not allowed",
            409 => "The task's state forbids this",
            410 => "Gone",
            412 => "Precondition failed",
            413 => "Too large",
            415 => "Unsupported file type",
            422 => "The content does not check out",
            429 => "Too many requests",
            507 => "Insufficient storage",
            _ => "The request failed",
        };
    }
}
