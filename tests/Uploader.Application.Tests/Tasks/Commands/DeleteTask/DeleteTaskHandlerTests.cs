using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Uploader.Application.Errors;
using Uploader.Application.Tasks.Commands.DeleteTask;
using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class DeleteTaskHandlerTests
{
    private readonly TaskRemovalScenario _scenario = new();

    [Fact]
    public async Task The_row_is_removed_in_one_transaction_with_the_status_check_and_the_data_after_it()
    {
        _scenario.Given("a", UploadTaskStatus.Uploading);

        var result = await Delete("a");

        Assert.Equal(["begin", "load a", "remove a", "commit", "delete data a"], _scenario.Effects);
        Assert.Equal(new DeleteTaskResult("a", TaskRemovalScenario.DataBytes, null), result);
    }

    [Fact]
    public async Task A_task_being_merged_is_refused_and_nothing_is_removed()
    {
        _scenario.Given("a", UploadTaskStatus.Merging);

        await Assert.ThrowsAsync<MergeInProgress>(() => Delete("a", deleteFile: true));

        Assert.Equal(["begin", "load a", "rollback"], _scenario.Effects);
    }

    [Fact]
    public async Task An_unknown_file_id_is_reported()
    {
        await Assert.ThrowsAsync<TaskNotFound>(() => Delete("nope"));

        Assert.Equal(["begin", "load nope", "rollback"], _scenario.Effects);
    }

    [Fact]
    public async Task Delete_file_also_deletes_the_merged_file_of_a_completed_task_last()
    {
        _scenario.Given("a", UploadTaskStatus.Completed);

        await Delete("a", deleteFile: true);

        Assert.Equal(["begin", "load a", "remove a", "commit", "delete data a", $"delete file {SampleTasks.RelativePath}"], _scenario.Effects);
    }

    [Theory]
    [InlineData(UploadTaskStatus.Completed, false)]
    [InlineData(UploadTaskStatus.Uploading, true)]
    [InlineData(UploadTaskStatus.Paused, true)]
    [InlineData(UploadTaskStatus.Failed, true)]
    public async Task The_merged_file_stays_without_delete_file_or_without_a_completed_merge(UploadTaskStatus status, bool deleteFile)
    {
        _scenario.Given("a", status);

        await Delete("a", deleteFile);

        Assert.DoesNotContain(_scenario.Effects, e => e.StartsWith("delete file", StringComparison.Ordinal));
        Assert.Contains("remove a", _scenario.Effects);
    }

    [Fact]
    public async Task Chunk_data_that_cannot_be_deleted_is_left_to_the_sweep_and_the_delete_succeeds()
    {
        _scenario.Given("a", UploadTaskStatus.Uploading);
        _scenario.GivenDataDeletionFails(new IOException("busy"));

        var result = await Delete("a");

        Assert.Equal(["begin", "load a", "remove a", "commit", "delete data failed"], _scenario.Effects);
        Assert.Equal(0, result.FreedBytes);
    }

    [Fact]
    public async Task A_fault_other_than_io_while_deleting_data_is_not_hidden()
    {
        _scenario.Given("a", UploadTaskStatus.Uploading);
        _scenario.GivenDataDeletionFails(new UnreachableException("bug"));

        await Assert.ThrowsAsync<UnreachableException>(() => Delete("a"));
    }

    private Task<DeleteTaskResult> Delete(string fileId, bool deleteFile = false) =>
        new DeleteTaskHandler(_scenario.Removal)
            .Handle(new DeleteTaskCommand(fileId, deleteFile), CancellationToken.None)
            .AsTask();
}
