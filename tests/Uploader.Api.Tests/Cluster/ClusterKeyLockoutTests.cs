using System.Net;
using Uploader.Application.Auth;

namespace Uploader.Api.Tests;

/// <summary>
/// Wrong keys spread by the balancer over three instances lock a client out after the same count as on one instance
/// (the count is in the shared database), and only that client: the instances take the client's address from the
/// balancer's X-Forwarded-For (trusted_proxies), so other clients behind the same balancer are not locked out.
/// Each client here is its own loopback address.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class ClusterKeyLockoutTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly Uri Limits = new("go-uploader/limits", UriKind.Relative);

    private ClusterRig Rig => cluster.Rig;

    [Fact]
    public Task Wrong_keys_spread_over_three_instances_lock_out_after_the_count_of_one_and_only_their_client() => Rig.ExplainFailuresAsync(async () =>
    {
        using var below = Rig.BalancerClient(Timeout, IPAddress.Parse("127.0.0.4"));
        using var attacker = Rig.BalancerClient(Timeout, IPAddress.Parse("127.0.0.2"));
        using var bystander = Rig.BalancerClient(Timeout, IPAddress.Parse("127.0.0.3"));

        // One wrong key fewer than the limit, over the three instances, leaves the right key working.
        for (var i = 0; i < KeyLockoutRules.MaxFailures - 1; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(below, "wrong-key"));
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(below, UploaderFactory.SecretKey));

        for (var i = 0; i < KeyLockoutRules.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(attacker, "wrong-key"));
        }

        // From then on every instance refuses that client, the right key included; another client is let in.
        foreach (var _ in Rig.Instances)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, await StatusAsync(attacker, UploaderFactory.SecretKey));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(bystander, UploaderFactory.SecretKey));
        }

        // The balancer did spread them: the attacker's wrong keys and its refusals reached every instance.
        var attackerLines = Rig.Proxy.AccessLog.Split('\n').Where(l => l.StartsWith("127.0.0.2 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(KeyLockoutRules.MaxFailures + Rig.Instances.Count, attackerLines.Count);
        Assert.Equal(Rig.Instances.Count, attackerLines.Take(KeyLockoutRules.MaxFailures).Select(Upstream).Distinct().Count());
        Assert.Equal(Rig.Instances.Count, attackerLines.Skip(KeyLockoutRules.MaxFailures).Select(Upstream).Distinct().Count());
    });

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Limits);
        request.Headers.Add("X-Secret-Key", key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The instance nginx passed the request to, from its access log line (upstream=ADDRESS).</summary>
    private static string Upstream(string line) =>
        line.Split(' ').Single(word => word.StartsWith("upstream=", StringComparison.Ordinal));
}
