namespace Uploader.Api.Expiry;

internal static class ExpirySweepRegistration
{
    /// <summary>One instance, both the hosted service and a singleton a caller (a test) can sweep with directly.</summary>
    public static IServiceCollection AddExpirySweep(this IServiceCollection services)
    {
        services.AddSingleton<ExpirySweepService>();
        services.AddHostedService(provider => provider.GetRequiredService<ExpirySweepService>());
        return services;
    }
}
