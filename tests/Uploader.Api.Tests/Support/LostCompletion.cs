using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Uploader.Application.Ports;
using Uploader.Domain.Tasks;

namespace Uploader.Api.Tests;

/// <summary>
/// Wraps the server's task repository so that the first save of a completed task fails before it reaches the
/// database: what a crash right after the merged file's move and before the completion commit leaves behind.
/// Every other call reaches the real repository.
/// </summary>
public sealed class LostCompletion
{
    private int _armed = 1;

    public bool Happened => Volatile.Read(ref _armed) == 0;

    public void InstallIn(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var original = services.Last(d => d.ServiceType == typeof(IUploadTaskRepository));
        services.AddScoped(provider =>
        {
            var proxy = DispatchProxy.Create<IUploadTaskRepository, Forwarder>();
            var inner = (IUploadTaskRepository)(original.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!));
            ((Forwarder)(object)proxy).Attach(inner, this);
            return proxy;
        });
    }

    private bool Fires(MethodInfo method, object?[]? args) =>
        method.Name == nameof(IUploadTaskRepository.SaveAsync)
        && args is [UploadTask { Status: UploadTaskStatus.Completed }, ..]
        && Interlocked.Exchange(ref _armed, 0) == 1;

    public class Forwarder : DispatchProxy
    {
        private IUploadTaskRepository? _inner;
        private LostCompletion? _fault;

        internal void Attach(IUploadTaskRepository inner, LostCompletion fault)
        {
            _inner = inner;
            _fault = fault;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (_fault!.Fires(targetMethod, args))
            {
                return Task.FromException(new IOException("simulated crash between the merged file's move and the completion commit"));
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }
}
