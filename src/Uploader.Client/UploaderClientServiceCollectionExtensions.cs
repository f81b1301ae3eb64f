using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Uploader.Client;

/// <summary>Registers <see cref="UploaderClient"/> as a typed client of <c>IHttpClientFactory</c>.</summary>
public static class UploaderClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="UploaderClient"/> (transient, its <see cref="HttpClient"/> from the factory) configured by
    /// <paramref name="configure"/>. The HttpClient's own timeout is switched off: each attempt has
    /// <see cref="UploaderClientOptions.AttemptTimeout"/>, and an upload's attempts would otherwise share one limit.
    /// Do not add an HttpClient-level retry handler to the returned builder: a streamed chunk cannot be sent twice.
    /// </summary>
    public static IHttpClientBuilder AddUploaderClient(this IServiceCollection services, Action<UploaderClientOptions> configure)
    {
        services.AddOptions<UploaderClientOptions>().Configure(configure);
        return services
            .AddHttpClient<UploaderClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<IOptions<UploaderClientOptions>>().Value.CreateHandler())
            .AddTypedClient((http, provider) => new UploaderClient(http, provider.GetRequiredService<IOptions<UploaderClientOptions>>().Value));
    }
}
