using Mediator;
using Microsoft.Extensions.Logging;
using Uploader.Application.Ports;

namespace Uploader.Application.Auth.Commands.SweepAuthState;

public sealed partial class SweepAuthStateHandler(
    IWebSessionStore sessions,
    IKeyAttemptStore attempts,
    TimeProvider clock,
    ILogger<SweepAuthStateHandler> logger) : ICommandHandler<SweepAuthStateCommand, AuthStateSwept>
{
    public async ValueTask<AuthStateSwept> Handle(SweepAuthStateCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var swept = new AuthStateSwept(
            await sessions.DeleteExpiredAsync(now, cancellationToken),
            await attempts.DeleteExpiredAsync(now, cancellationToken));
        if (swept.Sessions > 0 || swept.KeyCounters > 0)
        {
            LogSwept(swept.Sessions, swept.KeyCounters);
        }

        return swept;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Sessions} expired web session(s) and {KeyCounters} spent wrong-key counter(s)")]
    private partial void LogSwept(int sessions, int keyCounters);
}
