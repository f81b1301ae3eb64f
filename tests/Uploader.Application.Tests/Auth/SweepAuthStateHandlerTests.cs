using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Auth.Commands.SweepAuthState;
using Uploader.Application.Ports;

namespace Uploader.Application.Tests;

public sealed class SweepAuthStateHandlerTests
{
    [Fact]
    public async Task Both_stores_are_swept_at_the_clocks_time_and_the_counts_reported()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var sessions = new Mock<IWebSessionStore>(MockBehavior.Strict);
        var attempts = new Mock<IKeyAttemptStore>(MockBehavior.Strict);
        sessions.Setup(s => s.DeleteExpiredAsync(clock.GetUtcNow(), It.IsAny<CancellationToken>())).ReturnsAsync(3);
        attempts.Setup(a => a.DeleteExpiredAsync(clock.GetUtcNow(), It.IsAny<CancellationToken>())).ReturnsAsync(5);
        var handler = new SweepAuthStateHandler(sessions.Object, attempts.Object, clock, NullLogger<SweepAuthStateHandler>.Instance);

        var swept = await handler.Handle(new SweepAuthStateCommand(), CancellationToken.None);

        Assert.Equal(new AuthStateSwept(3, 5), swept);
    }
}
