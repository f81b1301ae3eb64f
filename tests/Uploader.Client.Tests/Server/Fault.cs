using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Uploader.Client.Tests.Server;

/// <summary>What the server does to one request instead of (or before) handling it.</summary>
public sealed class Fault
{
    private readonly Func<HttpContext, RequestDelegate, Task> _apply;

    private Fault(string name, Func<HttpContext, RequestDelegate, Task> apply)
    {
        Name = name;
        _apply = apply;
    }

    public string Name { get; }

    /// <summary>Reads up to <paramref name="bodyBytes"/> of the body, then drops the connection without an answer.</summary>
    public static Fault DropConnection(int bodyBytes = 16 * 1024) => new("drop", async (context, _) =>
    {
        var buffer = new byte[4096];
        var read = 0;
        while (read < bodyBytes)
        {
            var n = await context.Request.Body.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, bodyBytes - read)));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        context.Abort();
    });

    /// <summary>Answers <paramref name="status"/> with a problem body (code <c>injected_fault</c>) and, when given, Retry-After in seconds.</summary>
    public static Fault Status(int status, int? retryAfterSeconds = null) => new($"status {status}", async (context, _) =>
    {
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, object>
        {
            ["type"] = "urn:uploader:error:injected_fault",
            ["title"] = "Injected by the test server",
            ["status"] = status,
            ["detail"] = $"A test asked for {status}.",
            ["code"] = "injected_fault",
        });
    });

    /// <summary>Holds the request for <paramref name="delay"/> before handling it (a client with a shorter timeout gives up first).</summary>
    public static Fault Stall(TimeSpan delay) => new("stall", async (context, next) =>
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await next(context);
    });

    /// <summary>Runs <paramref name="action"/> (for example to damage stored chunks), then handles the request as usual.</summary>
    public static Fault Before(Func<Task> action) => new("before", async (context, next) =>
    {
        await action();
        await next(context);
    });

    /// <summary>Handles the request as usual but breaks the connection once <paramref name="bytes"/> of the answer's body went out.</summary>
    public static Fault CutResponseAfter(long bytes) => new("cut", (context, next) => TapAsync(context, next, limit: bytes, served: null));

    /// <summary>Handles the request as usual and hands <paramref name="served"/> its Range header and the body bytes sent.</summary>
    public static Fault Watch(Action<string, long> served) => new("watch", (context, next) => TapAsync(context, next, limit: null, served));

    private static async Task TapAsync(HttpContext context, RequestDelegate next, long? limit, Action<string, long>? served)
    {
        var range = context.Request.Headers.Range.ToString();
        var prior = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var tap = new ResponseTap(prior.Stream, limit, context.Abort);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(tap, prior));
        try
        {
            await next(context);
        }
        catch (ResponseTap.CutException)
        {
        }
        finally
        {
            context.Features.Set(prior);
            served?.Invoke(range, tap.Written);
        }
    }

    internal Task ApplyAsync(HttpContext context, RequestDelegate next) => _apply(context, next);
}
