using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Uploader.Api.Tests;

/// <summary>
/// A server of its own with a <see cref="FakeStorageSpace"/> and a fake clock (a health report is reused for a
/// second of it), and the three probes called without a key.
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private readonly HttpClient _anonymous;

    public HealthServer(Action<JsonObject>? configure = null)
    {
        Factory = UploaderFactory.With(configure ?? (_ => { }));
        Space = FakeStorageSpace.InstallIn(Factory);
        Factory.OverrideServices(services => services.AddSingleton<TimeProvider>(Clock));
        _anonymous = Factory.CreateClient();
    }

    public UploaderFactory Factory { get; }

    public FakeStorageSpace Space { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>GET the probe; asserts the status code, the JSON type and that the answer must not be cached.</summary>
    public async Task<JsonElement> ProbeAsync(string path, HttpStatusCode expected)
    {
        using var response = await _anonymous.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected} from {path}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path} answered Cache-Control: {response.Headers.CacheControl}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public Task<JsonElement> HealthAsync(HttpStatusCode expected) => ProbeAsync("go-uploader/health", expected);

    public Task<JsonElement> ReadyAsync(HttpStatusCode expected) => ProbeAsync("go-uploader/health/ready", expected);

    public Task<JsonElement> LiveAsync() => ProbeAsync("go-uploader/health/live", HttpStatusCode.OK);

    public async ValueTask DisposeAsync()
    {
        _anonymous.Dispose();
        await Factory.DisposeAsync();
    }
}
