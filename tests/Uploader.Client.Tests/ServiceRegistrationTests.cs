using Microsoft.Extensions.DependencyInjection;
using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>AddUploaderClient wires the typed client through IHttpClientFactory.</summary>
public sealed class ServiceRegistrationTests(KestrelUploaderServer server) : IClassFixture<KestrelUploaderServer>
{
    [Fact]
    public async Task The_registered_client_talks_to_the_configured_server_with_the_key()
    {
        var services = new ServiceCollection();
        services.AddUploaderClient(o =>
        {
            o.BaseAddress = server.BaseAddress;
            o.ApiKey = KestrelUploaderServer.SecretKey;
        });
        await using var provider = services.BuildServiceProvider();

        var page = await provider.GetRequiredService<UploaderClient>().ListTasksAsync(pageSize: 5);

        Assert.Equal(5, page.PageSize);
    }

    [Fact]
    public async Task Without_the_key_the_registered_client_gets_401()
    {
        var services = new ServiceCollection();
        services.AddUploaderClient(o => o.BaseAddress = server.BaseAddress);
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<UploaderApiException>(() => provider.GetRequiredService<UploaderClient>().ListTasksAsync());

        Assert.Equal(401, error.StatusCode);
    }
}
