using Xunit.Abstractions;

namespace Uploader.Api.Tests;

/// <summary>Issue 9, item 12: what the log of the built server shows for ordinary requests, at the default level.</summary>
[Collection(ServerProcessGroup.Name)]
public sealed class RequestLogTests(ITestOutputHelper output)
{
    /// <summary>A bound against hanging, not a timing assertion.</summary>
    private static readonly TimeSpan WaitBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_logs_one_info_line()
    {
        await RunAsync(async (api, log) =>
        {
            using var response = await api.Http.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode);

            await log.WaitForAsync("GET /go-uploader/tasks responded", WaitBound);
            var line = Assert.Single(log.Entries("INF"));
            Assert.Contains("GET /go-uploader/tasks responded 200", line, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_first_health_report_logs_no_warning()
    {
        await RunAsync(async (api, log) =>
        {
            using var response = await api.Http.GetAsync(new Uri("go-uploader/health", UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode);

            await log.WaitForAsync("GET /go-uploader/health responded", WaitBound);
            Assert.Empty(log.Entries("WRN"));
            Assert.Empty(log.Entries("ERR"));
        });
    }

    /// <summary>Runs <paramref name="steps"/> against a started server, with the log marked after its start-up lines.</summary>
    private async Task RunAsync(Func<UploaderApi, ServerLog, Task> steps)
    {
        using var server = await ProcessServer.StartAsync(config => config["log_level"] = "info");
        try
        {
            await server.ExplainFailuresAsync(async () =>
            {
                var log = new ServerLog(server.Process, fromStart: true);

                // The live probe that ended the wait is logged too; the steps see only their own lines.
                await log.WaitForAsync("GET /go-uploader/health/live responded 200", WaitBound);
                log.Mark();
                using var api = server.Api(WaitBound);
                await steps(api, log);
            });
        }
        finally
        {
            output.WriteLine(server.Process.Explain());
        }
    }
}
