using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Uploader.Client.Tests.Server;

/// <summary>Puts the fault injector in front of the server's own pipeline, before authentication and the upload queue.</summary>
internal sealed class FaultInjectionStartupFilter(FaultInjector faults) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(faults.HandleAsync);
        next(app);
    };
}
