using FluentValidation;
using Uploader.Application.Tasks.Commands.BatchTasks;
using Uploader.Application.Tasks.Commands.CleanupTasks;
using Uploader.Application.Tasks.Queries.ListTasks;

namespace Uploader.Application.Tests;

/// <summary>The list, cleanup and batch requests: which inputs pass, and which field a refusal names.</summary>
public class TaskRequestValidatorTests
{
    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("uploading", 1, 1, null)]
    [InlineData("failed", 99, 500, null)]
    [InlineData("Failed", null, null, "status")]
    [InlineData("done", null, null, "status")]
    [InlineData(null, 0, null, "page")]
    [InlineData(null, -1, null, "page")]
    [InlineData(null, null, 0, "page_size")]
    [InlineData(null, null, 501, "page_size")]
    public void List(string? status, int? page, int? pageSize, string? invalidField) =>
        AssertOutcome(new ListTasksValidator(), new ListTasksQuery(status, page, pageSize), invalidField);

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("completed", null, null)]
    [InlineData(null, 0, null)]
    [InlineData("paused", 36_500, null)]
    [InlineData("merging", null, "status")]
    [InlineData("stale", null, "status")]
    [InlineData(null, -1, "older_than")]
    [InlineData(null, 36_501, "older_than")]
    public void Cleanup(string? status, int? olderThan, string? invalidField) =>
        AssertOutcome(new CleanupTasksValidator(), new CleanupTasksCommand(status, olderThan), invalidField);

    public static TheoryData<BatchTasksCommand, string?> Batches => new()
    {
        { new BatchTasksCommand("pause", ["a", "b"], null, false), null },
        { new BatchTasksCommand("delete", null, "failed", true), null },
        { new BatchTasksCommand("resume", [.. Enumerable.Range(0, 1000).Select(i => $"t{i}")], null, false), null },
        { new BatchTasksCommand(null, ["a"], null, false), "action" },
        { new BatchTasksCommand("stop", ["a"], null, false), "action" },
        { new BatchTasksCommand("pause", null, null, false), "file_ids" },
        { new BatchTasksCommand("pause", ["a"], "failed", false), "file_ids" },
        { new BatchTasksCommand("pause", [], null, false), "file_ids" },
        { new BatchTasksCommand("pause", [.. Enumerable.Range(0, 1001).Select(i => $"t{i}")], null, false), "file_ids" },
        { new BatchTasksCommand("pause", ["ok", "bad\n"], null, false), "file_ids[1]" },
        { new BatchTasksCommand("pause", null, "done", false), "status" },
        { new BatchTasksCommand("pause", ["a"], null, true), "delete_file" },
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void Batch(BatchTasksCommand command, string? invalidField) =>
        AssertOutcome(new BatchTasksValidator(), command, invalidField);

    private static void AssertOutcome<T>(IValidator<T> validator, T request, string? invalidField)
    {
        var result = validator.Validate(request);

        if (invalidField is null)
        {
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
        }
        else
        {
            Assert.Equal([invalidField], result.Errors.Select(e => e.PropertyName).Distinct());
        }
    }
}
