using Uploader.Application.Ports;

namespace Uploader.Api.Merges;

internal static class BackgroundMergeRegistration
{
    /// <summary>
    /// One queue, both the hosted service that runs the merges and the port the merge handler queues them on; and the
    /// recovery of merges whose instance died.
    /// </summary>
    public static IServiceCollection AddBackgroundMerges(this IServiceCollection services)
    {
        services.AddSingleton<BackgroundMergeRunner>();
        services.AddSingleton<IBackgroundMerges>(provider => provider.GetRequiredService<BackgroundMergeRunner>());
        services.AddHostedService(provider => provider.GetRequiredService<BackgroundMergeRunner>());
        services.AddHostedService<MergeRecoveryService>();
        return services;
    }
}
