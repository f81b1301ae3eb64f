namespace Uploader.Application.Ports;

/// <summary>
/// Leases on work that one instance at a time does for all of them (the expiry sweep), by name, in the task store:
/// a row per name with its owner and expiry (docs/adr/0010-leases.md).
/// </summary>
public interface INamedLeases
{
    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="owner"/> until <paramref name="until"/>: when no
    /// one holds it, when its holder's lease ran out before <paramref name="now"/>, or when <paramref name="owner"/> holds it.
    /// </summary>
    /// <returns>False when another owner holds it.</returns>
    Task<bool> TryTakeAsync(string name, string owner, DateTime now, DateTime until, CancellationToken cancellationToken);

    /// <summary>Ends <paramref name="owner"/>'s lease at once, so another instance need not wait for it to run out.</summary>
    Task ReleaseAsync(string name, string owner, DateTime now, CancellationToken cancellationToken);
}
