using System.Text.Json.Nodes;

namespace Uploader.Testing;

/// <summary>What a <see cref="ClusterRig"/> is made of; every instance gets the same config but its port and instance_id.</summary>
public sealed record ClusterOptions
{
    public required ClusterDatabase Database { get; init; }

    /// <summary>The key every instance is configured with (enable_auth is on).</summary>
    public required string SecretKey { get; init; }

    public int Instances { get; init; } = 3;

    /// <summary>Changes to each instance's config.json after the rig's own keys; the int is the instance's number from 1.</summary>
    public Action<int, JsonObject>? Configure { get; init; }

    /// <summary>nginx's proxy_read_timeout.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
