using System.Net;
using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>
/// Behind nginx every connection comes from nginx. With trusted_proxies naming it, the lockout counts the client
/// address nginx forwards, so one client's wrong keys do not lock out another client with the right key.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class ProxiedLockoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Through_nginx_one_clients_wrong_keys_do_not_lock_out_another_client()
    {
        using var server = await ProcessServer.StartAsync(config => config["trusted_proxies"] = new JsonArray("127.0.0.1"));
        using var proxy = await NginxProxy.StartAsync(server.BaseAddress, Timeout);
        using var attacker = ClientFrom(IPAddress.Parse("127.0.0.2"), proxy.BaseAddress);
        using var other = ClientFrom(IPAddress.Parse("127.0.0.3"), proxy.BaseAddress);

        await server.ExplainFailuresAsync(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await attacker.SendAsync(Status($"wrong-key-{i}")).ExpectProblemAsync(401, "unauthorized");
            }

            await attacker.SendAsync(Status(UploaderFactory.SecretKey)).ExpectProblemAsync(429, "too_many_requests");
            await other.SendAsync(Status(UploaderFactory.SecretKey)).ExpectProblemAsync(404, "task_not_found");
        });
    }

    private static HttpRequestMessage Status(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "go-uploader/upload_status?file_id=no-such-task");
        request.Headers.Add("X-Secret-Key", key);
        return request;
    }

    /// <summary>A client whose connections leave from <paramref name="source"/>.</summary>
    private static HttpClient ClientFrom(IPAddress source, Uri baseAddress) =>
        new(SourceAddress.Handler(source)) { BaseAddress = baseAddress, Timeout = Timeout };
}
