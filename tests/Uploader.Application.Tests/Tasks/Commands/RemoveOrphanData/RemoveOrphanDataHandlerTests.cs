using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Uploader.Application.Policies;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.RemoveOrphanData;

namespace Uploader.Application.Tests;

public class RemoveOrphanDataHandlerTests
{
    private readonly Mock<IStorageLeftovers> _leftovers = new();
    private readonly Mock<IMaintenanceQueries> _maintenance = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RetentionPolicy _retention = new() { LeftoverAge = TimeSpan.FromMinutes(90) };

    [Fact]
    public async Task Leftovers_older_than_the_leftover_age_are_removed_and_live_tasks_are_asked_of_the_store()
    {
        Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlySet<Guid>>>? findLive = null;
        DateTime? before = null;
        var removed = new OrphanRemoval(2, 3, 4096);
        _leftovers.Setup(l => l.RemoveAsync(
                It.IsAny<Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlySet<Guid>>>>(), It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback((Func<IReadOnlyCollection<Guid>, CancellationToken, Task<IReadOnlySet<Guid>>> f, DateTime b, CancellationToken _) =>
            {
                findLive = f;
                before = b;
            })
            .ReturnsAsync(removed);
        var live = Guid.NewGuid();
        var gone = Guid.NewGuid();
        _maintenance.Setup(r => r.FindExistingTaskIdsAsync(It.IsAny<IReadOnlyCollection<Guid>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new HashSet<Guid> { live });

        var result = await new RemoveOrphanDataHandler(
                _leftovers.Object, _maintenance.Object, _retention, _clock, NullLogger<RemoveOrphanDataHandler>.Instance)
            .Handle(new RemoveOrphanDataCommand(), CancellationToken.None);

        Assert.Same(removed, result);
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddMinutes(-90), before);
        Assert.Equal([live], await findLive!([live, gone], CancellationToken.None));
    }
}
