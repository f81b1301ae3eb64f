namespace Uploader.Client.Tests.Cluster;

/// <summary>Rig tests start many processes: they run alone, after the rest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterGroup
{
    public const string Name = "cluster rig";
}

/// <summary>One three-instance rig (tests/Uploader.Testing/Cluster) for a test class, stopped when the class is done.</summary>
public sealed class CliCluster : IAsyncLifetime
{
    public const string SecretKey = "cli-cluster-tests-secret-key-0123456789";

    private ClusterRig? _rig;

    public ClusterRig Rig => _rig ?? throw new InvalidOperationException("The rig is not started.");

    public async Task InitializeAsync() => _rig = await ClusterRig.StartAsync(new ClusterOptions
    {
        Database = await ClusterDatabase.ForTestsAsync(),
        SecretKey = SecretKey,
    });

    public Task DisposeAsync()
    {
        _rig?.Dispose();
        return Task.CompletedTask;
    }
}
