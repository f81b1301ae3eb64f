using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;

namespace Uploader.Api.Tests;

/// <summary>The server's own staging, as registered before a test wraps it.</summary>
internal static class StagingWrapper
{
    public static IChunkStaging Create(IServiceProvider provider, ServiceDescriptor original) =>
        (IChunkStaging)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!));
}
