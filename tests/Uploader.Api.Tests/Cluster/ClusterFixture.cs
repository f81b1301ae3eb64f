using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>
/// One three-instance rig (tests/Uploader.Testing/Cluster) per test class, shared by its tests, stopped when the class
/// is done. A class that needs other settings derives and overrides <see cref="Configure"/>.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private ClusterRig? _rig;

    public ClusterRig Rig => _rig ?? throw new InvalidOperationException("The rig is not started.");

    /// <summary>A client of the balancer sending the tests' key.</summary>
    public UploaderApi Balanced(TimeSpan timeout) => UploaderApi.ForProcess(Rig.BaseAddress, timeout);

    /// <summary>A client of one instance directly (from 1), sending the tests' key.</summary>
    public UploaderApi Direct(int instance, TimeSpan timeout) => UploaderApi.ForProcess(Rig.Instance(instance).BaseAddress, timeout);

    public async Task InitializeAsync() => _rig = await ClusterRig.StartAsync(new ClusterOptions
    {
        Database = await ClusterDatabase.ForTestsAsync(),
        SecretKey = UploaderFactory.SecretKey,
        Configure = Configure,
    });

    public Task DisposeAsync()
    {
        _rig?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Changes to each instance's config (the number is the instance's, from 1).</summary>
    protected virtual void Configure(int instance, JsonObject config)
    {
    }
}
