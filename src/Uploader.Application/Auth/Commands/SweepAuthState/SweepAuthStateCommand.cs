using Mediator;

namespace Uploader.Application.Auth.Commands.SweepAuthState;

/// <summary>
/// Deletes expired web sessions and wrong-key counters that no longer count. Sent by the expiry sweep; deleting what is
/// already gone is no error, so instances sweeping at once do no harm.
/// </summary>
public sealed record SweepAuthStateCommand : ICommand<AuthStateSwept>;

/// <param name="Sessions">Expired sessions deleted.</param>
/// <param name="KeyCounters">Wrong-key counters deleted.</param>
public sealed record AuthStateSwept(int Sessions, int KeyCounters);
