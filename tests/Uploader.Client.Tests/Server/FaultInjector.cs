using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Uploader.Client.Tests.Server;

/// <summary>
/// A programmable queue of faults per endpoint (the path under /go-uploader/, e.g. <c>upload_chunk</c>), each taken
/// by one request to it, and a record of every request that reached the server, faulted or not.
/// </summary>
public sealed class FaultInjector
{
    private const string BasePath = "/go-uploader/";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Fault>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TimeSpan>> _arrivals = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The next <paramref name="times"/> requests to <paramref name="endpoint"/> get <paramref name="fault"/>.</summary>
    public void Enqueue(string endpoint, Fault fault, int times = 1)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(endpoint, out var queue))
            {
                _faults[endpoint] = queue = new Queue<Fault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Requests that reached <paramref name="endpoint"/> since the last <see cref="Clear"/>.</summary>
    public int Attempts(string endpoint) => Arrivals(endpoint).Count;

    /// <summary>When each request to <paramref name="endpoint"/> arrived, on one monotonic clock.</summary>
    public IReadOnlyList<TimeSpan> Arrivals(string endpoint)
    {
        lock (_gate)
        {
            return _arrivals.TryGetValue(endpoint, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Faults not taken yet.</summary>
    public int Pending(string endpoint)
    {
        lock (_gate)
        {
            return _faults.TryGetValue(endpoint, out var queue) ? queue.Count : 0;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
            _arrivals.Clear();
        }
    }

    internal async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var fault = Take(context.Request.Path.Value ?? string.Empty);
        if (fault is null)
        {
            await next(context);
        }
        else
        {
            await fault.ApplyAsync(context, next);
        }
    }

    private Fault? Take(string path)
    {
        if (!path.StartsWith(BasePath, StringComparison.Ordinal))
        {
            return null;
        }

        var endpoint = path[BasePath.Length..];
        lock (_gate)
        {
            if (!_arrivals.TryGetValue(endpoint, out var list))
            {
                _arrivals[endpoint] = list = [];
            }

            list.Add(_clock.Elapsed);
            return _faults.TryGetValue(endpoint, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
        }
    }
}
