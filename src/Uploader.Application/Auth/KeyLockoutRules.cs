namespace Uploader.Application.Auth;

/// <summary>
/// The one statement of the wrong-key rules. <see cref="MaxFailures"/> wrong keys from one address within
/// <see cref="Window"/> (counted from the first) lock it out for <see cref="Lockout"/>: every key from it is then
/// refused uncompared, the right one included, so guessing on gains nothing. A right key outside a lockout forgives
/// the address's count. <see cref="GlobalBudget"/> wrong keys within a window from all addresses together spend the
/// global budget: until that window ends, keys from addresses without a right key in the last <see cref="KnownGoodFor"/>
/// are refused uncompared, so a spray from many addresses gains nothing either.
/// </summary>
public static class KeyLockoutRules
{
    public const int MaxFailures = 10;
    public const int GlobalBudget = 1_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan KnownGoodFor = TimeSpan.FromHours(24);

    /// <summary>
    /// How stale an address's last recorded success may be before a right key writes it again: a right key from an
    /// address without wrong keys writes at most this often, not on every request.
    /// </summary>
    public static readonly TimeSpan KnownGoodRefresh = TimeSpan.FromHours(1);
}
