using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Uploader.Api.Expiry;

namespace Uploader.Api.Tests;

/// <summary>
/// A test server whose <see cref="TimeProvider"/> is a fake clock starting at the real current time: task times
/// and the expiry sweep's timer move only when a test advances it. Sweeps stay off (a 30-day interval) unless
/// the test's config sets cleanup_interval.
/// </summary>
public sealed class FakeClockServer : IDisposable
{
    /// <param name="configure">Changes to the test config.json.</param>
    /// <param name="services">Replacements of the server's services, applied after the clock's.</param>
    public FakeClockServer(Action<JsonObject>? configure = null, Action<IServiceCollection>? services = null)
    {
        Factory = UploaderFactory.With(config =>
            {
                config["cleanup_interval"] = 30 * 24 * 3600;
                configure?.Invoke(config);
            })
            .OverrideServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            })
            .OverrideServices(replacements => services?.Invoke(replacements));
        Api = Factory.CreateApi();
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public UploaderFactory Factory { get; }

    public UploaderApi Api { get; }

    public ExpirySweepService Sweeper => Factory.Services.GetRequiredService<ExpirySweepService>();

    /// <summary>
    /// Advances the clock by <paramref name="by"/> and waits for the sweep the timer starts. The wait is bounded so
    /// that a sweep that never comes fails the test instead of hanging it; nothing here sleeps.
    /// </summary>
    public async Task<SweepReport> AdvanceUntilSweptAsync(TimeSpan by)
    {
        var swept = new TaskCompletionSource<SweepReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSwept(object? sender, SweepReport report) => swept.TrySetResult(report);
        Sweeper.Swept += OnSwept;
        try
        {
            Clock.Advance(by);
            return await swept.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Sweeper.Swept -= OnSwept;
        }
    }

    public void Dispose()
    {
        Api.Dispose();
        Factory.Dispose();
    }
}
