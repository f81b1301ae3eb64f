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
    [InlineData("Failed", null, null, "Status")]
    [InlineData("done", null, null, "Status")]
    [InlineData(null, 0, null, "Page")]
    [InlineData(null, -1, null, "Page")]
    [InlineData(null, null, 0, "PageSize")]
    [InlineData(null, null, 501, "PageSize")]
    public void List(string? status, int? page, int? pageSize, string? invalidField) =>
        AssertOutcome(new ListTasksValidator(), new ListTasksQuery(status, page, pageSize), invalidField);

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("50%_off", null)]
    [InlineData(200, null)]
    [InlineData(201, "Search")]
    [InlineData("a\u0000b", "Search")]
    [InlineData("a\nb", "Search")]
    public void List_search(object? search, string? invalidField) =>
        AssertOutcome(
            new ListTasksValidator(),
            new ListTasksQuery(null, null, null, search is int length ? new string('x', length) : (string?)search),
            invalidField);

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("completed", null, null)]
    [InlineData(null, 0, null)]
    [InlineData("paused", 36_500, null)]
    [InlineData("merging", null, "Status")]
    [InlineData("stale", null, "Status")]
    [InlineData(null, -1, "OlderThanDays")]
    [InlineData(null, 36_501, "OlderThanDays")]
    public void Cleanup(string? status, int? olderThan, string? invalidField) =>
        AssertOutcome(new CleanupTasksValidator(), new CleanupTasksCommand(status, olderThan), invalidField);

    public static TheoryData<BatchTasksCommand, string?> Batches => new()
    {
        { new BatchTasksCommand("pause", ["a", "b"], null, false), null },
        { new BatchTasksCommand("delete", null, "failed", true), null },
        { new BatchTasksCommand("resume", [.. Enumerable.Range(0, 1000).Select(i => $"t{i}")], null, false), null },
        { new BatchTasksCommand(null, ["a"], null, false), "Action" },
        { new BatchTasksCommand("stop", ["a"], null, false), "Action" },
        { new BatchTasksCommand("pause", null, null, false), "FileIds" },
        { new BatchTasksCommand("pause", ["a"], "failed", false), "FileIds" },
        { new BatchTasksCommand("pause", [], null, false), "FileIds.Count" },
        { new BatchTasksCommand("pause", [.. Enumerable.Range(0, 1001).Select(i => $"t{i}")], null, false), "FileIds.Count" },
        { new BatchTasksCommand("pause", ["ok", "bad\n"], null, false), "FileIds[1]" },
        { new BatchTasksCommand("pause", null, "done", false), "Status" },
        { new BatchTasksCommand("pause", ["a"], null, true), "DeleteFile" },
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
