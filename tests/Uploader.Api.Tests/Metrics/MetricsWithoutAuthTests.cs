namespace Uploader.Api.Tests;

public sealed class MetricsWithoutAuthTests
{
    [Fact]
    public async Task Metrics_is_open_when_auth_is_off()
    {
        await using var server = UploaderFactory.With(config => config["enable_auth"] = false);
        using var client = server.CreateClient();

        var metrics = await client.ScrapeAsync();

        Assert.Equal("counter", metrics.TypeOf("uploader_chunks_received_total"));
    }
}
