using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Uploader.Application.Ports;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class CleanupTasksHandlerTests
{
    private readonly TaskRemovalScenario _scenario = new();
    private readonly List<(CleanupCriteria Criteria, Guid? After)> _queries = [];
    private readonly Queue<IReadOnlyList<CleanupCandidate>> _pages = new();
    private readonly HashSet<Guid> _noLongerSelected = [];

    public CleanupTasksHandlerTests()
    {
        _scenario.Maintenance.Setup(r => r.FindCleanupCandidatesAsync(
                It.IsAny<CleanupCriteria>(), It.IsAny<Guid?>(), CleanupTasksHandler.PageSize, It.IsAny<CancellationToken>()))
            .ReturnsAsync((CleanupCriteria criteria, Guid? after, int _, CancellationToken _) =>
            {
                _queries.Add((criteria, after));
                return _pages.TryDequeue(out var page) ? page : [];
            });
        _scenario.Maintenance.Setup(r => r.IsCleanupCandidateAsync(It.IsAny<Guid>(), It.IsAny<CleanupCriteria>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((Guid id, CleanupCriteria _, CancellationToken _) => !_noLongerSelected.Contains(id));
    }

    [Fact]
    public async Task Without_filters_the_expired_tasks_are_selected()
    {
        await Cleanup(null, null);

        var criteria = Assert.Single(_queries).Criteria;
        Assert.Equal([UploadTaskStatus.Uploading, UploadTaskStatus.Paused, UploadTaskStatus.Failed], criteria.Statuses);
        Assert.Equal(_scenario.Now - _scenario.Retention.TaskExpiry, criteria.IdleBefore);
    }

    [Fact]
    public async Task A_status_and_an_age_select_the_tasks_in_that_status_idle_for_that_many_days()
    {
        await Cleanup("failed", 3);

        var criteria = Assert.Single(_queries).Criteria;
        Assert.Equal([UploadTaskStatus.Failed], criteria.Statuses);
        Assert.Equal(_scenario.Now.AddDays(-3), criteria.IdleBefore);
    }

    [Fact]
    public async Task An_age_alone_selects_every_status_but_merging()
    {
        await Cleanup(null, 0);

        var criteria = Assert.Single(_queries).Criteria;
        Assert.DoesNotContain(UploadTaskStatus.Merging, criteria.Statuses);
        Assert.Contains(UploadTaskStatus.Completed, criteria.Statuses);
        Assert.Equal(4, criteria.Statuses.Count);
        Assert.Equal(_scenario.Now, criteria.IdleBefore);
    }

    [Fact]
    public async Task A_status_alone_selects_regardless_of_age()
    {
        await Cleanup("completed", null);

        var criteria = Assert.Single(_queries).Criteria;
        Assert.Equal([UploadTaskStatus.Completed], criteria.Statuses);
        Assert.Null(criteria.IdleBefore);
    }

    [Fact]
    public async Task Each_candidate_still_selected_is_removed_and_its_data_counted()
    {
        var a = _scenario.Given("a", UploadTaskStatus.Uploading);
        var b = _scenario.Given("b", UploadTaskStatus.Paused);
        var c = _scenario.Given("c", UploadTaskStatus.Failed);
        _noLongerSelected.Add(b.Id);
        _pages.Enqueue([Candidate(a), Candidate(b), Candidate(c)]);

        var result = await Cleanup(null, null);

        Assert.Equal(new CleanupTasksResult(2, 2 * TaskRemovalScenario.DataBytes), result);

        // Each task is loaded (so the store holds its row) before it is checked again: b is loaded and kept.
        Assert.Equal(
            ["begin", "load a", "remove a", "commit", "delete data a", "begin", "load b", "commit", "begin", "load c", "remove c", "commit", "delete data c"],
            _scenario.Effects);
    }

    [Fact]
    public async Task A_candidate_whose_file_id_now_names_another_task_is_kept()
    {
        var replaced = _scenario.Given("a", UploadTaskStatus.Uploading);
        _scenario.Given("a", UploadTaskStatus.Uploading);
        _pages.Enqueue([Candidate(replaced)]);

        var result = await Cleanup(null, null);

        Assert.Equal(0, result.Cleaned);
        Assert.DoesNotContain("remove a", _scenario.Effects);
    }

    [Fact]
    public async Task Candidates_are_read_page_by_page_each_after_the_last_id_seen()
    {
        var full = Enumerable.Range(0, CleanupTasksHandler.PageSize)
            .Select(i => Candidate(_scenario.Given($"t{i}", UploadTaskStatus.Uploading)))
            .ToList();
        var last = Candidate(_scenario.Given("last", UploadTaskStatus.Uploading));
        _pages.Enqueue(full);
        _pages.Enqueue([last]);

        var result = await Cleanup(null, null);

        Assert.Equal(CleanupTasksHandler.PageSize + 1, result.Cleaned);
        Assert.Equal([null, full[^1].Id], _queries.Select(q => q.After));
    }

    private static CleanupCandidate Candidate(UploadTask task) => new(task.Id, task.FileId);

    private Task<CleanupTasksResult> Cleanup(string? status, int? olderThanDays) =>
        new CleanupTasksHandler(
                _scenario.Maintenance.Object, _scenario.Removal, _scenario.Retention, _scenario.Clock,
                NullLogger<CleanupTasksHandler>.Instance)
            .Handle(new CleanupTasksCommand(status, olderThanDays), CancellationToken.None)
            .AsTask();
}
