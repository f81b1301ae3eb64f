using Mediator;
using Uploader.Application.Ports;

namespace Uploader.Application.Auth.Commands.SweepAuthState;

public sealed class SweepAuthStateHandler(IWebSessionStore sessions, IKeyAttemptStore attempts, TimeProvider clock)
    : ICommandHandler<SweepAuthStateCommand, AuthStateSwept>
{
    public async ValueTask<AuthStateSwept> Handle(SweepAuthStateCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return new AuthStateSwept(
            await sessions.DeleteExpiredAsync(now, cancellationToken),
            await attempts.DeleteExpiredAsync(now, cancellationToken));
    }
}
