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

    /// <summary>What the instances stored: the shared folders, or (in Uploader.Api.Tests.S3) their one bucket.</summary>
    public StoredFiles Stored => StoredFiles.Of(Rig.Instance(1).ConfigPath);

    public async Task InitializeAsync()
    {
        var storage = TestStorage.Shared();
        _rig = await ClusterRig.StartAsync(new ClusterOptions
        {
            Database = await ClusterDatabase.ForTestsAsync(),
            SecretKey = UploaderFactory.SecretKey,
            Configure = (instance, config) =>
            {
                storage(config);
                Configure(instance, config);
            },
        });
    }

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
