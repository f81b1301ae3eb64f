namespace Uploader.Api.Tests;

/// <summary>GET /go-uploader/metrics, parsed.</summary>
public static class MetricsScrape
{
    public const string Path = "go-uploader/metrics";

    public static async Task<PrometheusText> ScrapeAsync(this HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(Path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"metrics answered {(int)response.StatusCode}: {body}");
        return PrometheusText.Parse(body);
    }

    public static Task<PrometheusText> ScrapeAsync(this UploaderApi api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.Http.ScrapeAsync();
    }
}
