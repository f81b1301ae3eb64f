namespace Uploader.Application.Policies;

/// <summary>
/// How this instance holds work that only one instance may do at a time: a merge, the expiry sweep
/// (docs/adr/0010-leases.md). From config `instance_id` and `lease_seconds`.
/// </summary>
public sealed record LeasePolicy
{
    /// <summary>The name this instance holds leases under; unique among the instances that share a task store.</summary>
    public string InstanceId { get; init; } = "local";

    /// <summary>How long a lease lasts unless renewed: another instance takes the work back only after it ran out.</summary>
    public TimeSpan Length { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A third of the length: two renewals in a row may fail (a busy database) before the lease runs out, and a
    /// renewal just before a step that cannot be undone leaves that step most of a length.
    /// </summary>
    public TimeSpan RenewEvery => Length / 3;
}
