namespace Uploader.Infrastructure.Persistence;

/// <summary>One row of the `leases` table: who does the work named <see cref="Name"/> for every instance, until when (ADR 0010).</summary>
internal sealed class LeaseRow(string name, string owner, DateTime expiresAt)
{
    public string Name { get; private set; } = name;

    public string Owner { get; private set; } = owner;

    public DateTime ExpiresAt { get; private set; } = expiresAt;
}
