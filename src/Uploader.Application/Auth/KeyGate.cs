using Uploader.Application.Ports;

namespace Uploader.Application.Auth;

/// <summary>Why a presented key is refused before it is compared.</summary>
public enum KeyRefusal
{
    /// <summary>The address sent too many wrong keys and is locked out.</summary>
    AddressLockedOut,

    /// <summary>The global budget is spent and the address has no recent right key.</summary>
    BudgetSpent,
}

/// <summary>What <see cref="KeyLockout.BeforeCompareAsync"/> found: a refusal with its wait, or open.</summary>
/// <param name="Refusal">Null when the key may be compared.</param>
/// <param name="RetryAfter">How long the refusal lasts; zero when open.</param>
/// <param name="Counter">The address's counter as read, so that a right key writes only when it changes something.</param>
public sealed record KeyGate(KeyRefusal? Refusal, TimeSpan RetryAfter, KeyAttemptCounter? Counter);

/// <param name="LockedOut">This wrong key is the one that locked its address out.</param>
/// <param name="SpentBudget">This wrong key is the one that spent the global budget.</param>
public sealed record KeyFailure(bool LockedOut, bool SpentBudget);
