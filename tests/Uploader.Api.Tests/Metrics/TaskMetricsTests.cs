using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Uploader.Api.Tests;

/// <summary>uploader_tasks is counted by a query at most every 15 s, whatever the scrape rate; a fake clock shows when.</summary>
public sealed class TaskMetricsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Task_counts_are_refreshed_only_after_the_interval()
    {
        await using var server = UploaderFactory.With(_ => { }).OverrideServices(s => s.AddSingleton<TimeProvider>(_clock));
        using var api = server.CreateApi();
        var first = await api.ScrapeAsync();
        Assert.Equal(0, first.Value("uploader_tasks", ("status", "uploading")));

        var file = SourceFile.Random(2000, 1000);
        await api.UploadChunksAsync(file, [0]);
        _clock.Advance(TimeSpan.FromSeconds(14));
        var cached = await api.ScrapeAsync();

        _clock.Advance(TimeSpan.FromSeconds(1));
        var refreshed = await api.ScrapeAsync();

        Assert.Equal(0, cached.Value("uploader_tasks", ("status", "uploading")));
        Assert.Equal(1, refreshed.Value("uploader_tasks", ("status", "uploading")));
        Assert.Equal(0, refreshed.Value("uploader_tasks", ("status", "completed")));
    }
}
