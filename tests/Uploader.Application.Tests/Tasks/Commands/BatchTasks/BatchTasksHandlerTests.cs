using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Uploader.Application.Errors;
using Uploader.Application.Tasks.Commands.BatchTasks;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class BatchTasksHandlerTests
{
    private readonly TaskRemovalScenario _scenario = new();

    [Fact]
    public async Task Every_named_task_gets_a_result_in_order_and_a_refusal_does_not_stop_the_others()
    {
        _scenario.Given("a", UploadTaskStatus.Uploading);
        _scenario.Given("m", UploadTaskStatus.Merging);
        _scenario.Given("b", UploadTaskStatus.Uploading);

        var results = await Batch(new BatchTasksCommand("pause", ["a", "missing", "m", "b"], null, false));

        Assert.Equal(["a", "missing", "m", "b"], results.Select(r => r.FileId));
        Assert.Equal([true, false, false, true], results.Select(r => r.Ok));
        Assert.IsType<TaskNotFound>(results[1].Error);
        Assert.IsType<MergeInProgress>(results[2].Error);
        Assert.Contains("save a Paused", _scenario.Effects);
        Assert.Contains("save b Paused", _scenario.Effects);
        Assert.DoesNotContain("save m Merging", _scenario.Effects);
    }

    [Fact]
    public async Task A_file_id_named_twice_is_one_task_with_one_result()
    {
        _scenario.Given("a", UploadTaskStatus.Paused);

        var results = await Batch(new BatchTasksCommand("resume", ["a", "a"], null, false));

        Assert.Equal("a", Assert.Single(results).FileId);
        Assert.Single(_scenario.Effects, e => e == "save a Uploading");
    }

    [Fact]
    public async Task A_status_selects_the_tasks_the_reader_lists_for_it()
    {
        _scenario.Given("f1", UploadTaskStatus.Failed);
        _scenario.Given("f2", UploadTaskStatus.Failed);
        _scenario.Maintenance.Setup(r => r.ListFileIdsAsync(UploadTaskStatus.Failed, BatchTasksValidator.MaxTasks, It.IsAny<CancellationToken>()))
            .ReturnsAsync(["f1", "f2"]);

        var results = await Batch(new BatchTasksCommand("resume", null, "failed", false));

        Assert.All(results, r => Assert.True(r.Ok));
        Assert.Equal(["save f1 Uploading", "save f2 Uploading"], _scenario.Effects.Where(e => e.StartsWith("save", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Delete_removes_each_task_as_a_single_delete_would_with_its_merged_file_when_asked()
    {
        _scenario.Given("done", UploadTaskStatus.Completed);
        _scenario.Given("busy", UploadTaskStatus.Merging);

        var results = await Batch(new BatchTasksCommand("delete", ["done", "busy"], null, true));

        Assert.True(results[0].Ok);
        Assert.IsType<MergeInProgress>(results[1].Error);
        Assert.Equal(
            ["begin", "load done", "remove done", "commit", "delete data done", $"delete file {SampleTasks.RelativePath}", "begin", "load busy", "rollback"],
            _scenario.Effects);
    }

    [Fact]
    public async Task A_fault_in_one_task_is_its_result_and_the_batch_goes_on()
    {
        _scenario.Given("a", UploadTaskStatus.Uploading);
        _scenario.Given("b", UploadTaskStatus.Uploading);
        var fault = new UnreachableException("database gone");
        _scenario.Tasks.Setup(t => t.SaveAsync(It.Is<UploadTask>(task => task.FileId == "a"), It.IsAny<CancellationToken>()))
            .ThrowsAsync(fault);

        var results = await Batch(new BatchTasksCommand("pause", ["a", "b"], null, false));

        Assert.Same(fault, results[0].Error);
        Assert.True(results[1].Ok);
    }

    [Fact]
    public async Task Cancellation_stops_the_batch()
    {
        _scenario.Given("a", UploadTaskStatus.Uploading);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _scenario.Tasks.Setup(t => t.FindAsync("a", It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OperationCanceledException(cancelled.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Batch(new BatchTasksCommand("pause", ["a"], null, false), cancelled.Token));
    }

    private async Task<IReadOnlyList<BatchItemResult>> Batch(BatchTasksCommand command, CancellationToken ct = default) =>
        (await new BatchTasksHandler(
                _scenario.Tasks.Object, _scenario.Maintenance.Object, _scenario.Removal, _scenario.Clock,
                NullLogger<BatchTasksHandler>.Instance)
            .Handle(command, ct)).Results;
}
