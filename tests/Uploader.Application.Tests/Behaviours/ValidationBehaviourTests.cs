using FluentValidation;
using Mediator;
using Uploader.Application.Behaviours;
using Uploader.Application.Tasks.Commands.PauseTask;
using Uploader.Application.Tasks.Views;
using Uploader.Domain.Tasks;

namespace Uploader.Application.Tests;

public class ValidationBehaviourTests
{
    private static readonly TaskSummaryView Response = new(
        SampleTasks.FileId, "report.pdf", SampleTasks.RelativePath, UploadTaskStatus.Paused,
        3, 0, 10, 0, SampleTasks.Created, SampleTasks.Created, 0, null);

    private readonly List<PauseTaskCommand> _handled = [];

    [Fact]
    public async Task A_valid_message_goes_on_to_the_handler()
    {
        var command = new PauseTaskCommand(SampleTasks.FileId);

        var response = await Behaviour(new PauseTaskValidator()).Handle(command, Next, CancellationToken.None);

        Assert.Same(Response, response);
        Assert.Equal([command], _handled);
    }

    [Fact]
    public async Task A_message_without_validators_goes_on_to_the_handler()
    {
        await Behaviour().Handle(new PauseTaskCommand(string.Empty), Next, CancellationToken.None);

        Assert.Single(_handled);
    }

    [Fact]
    public async Task The_failures_of_every_validator_are_reported_together_and_the_handler_is_not_called()
    {
        var first = new InlineValidator<PauseTaskCommand>();
        first.RuleFor(c => c.FileId).Must(_ => false).WithMessage("first");
        var second = new InlineValidator<PauseTaskCommand>();
        second.RuleFor(c => c.FileId).Must(_ => false).WithMessage("second");

        var error = await Assert.ThrowsAsync<ValidationException>(
            () => Behaviour(first, new PauseTaskValidator(), second)
                .Handle(new PauseTaskCommand(string.Empty), Next, CancellationToken.None).AsTask());

        var failures = error.Errors.ToList();
        Assert.Equal(3, failures.Count);
        Assert.Equal("first", failures[0].ErrorMessage);
        Assert.Equal("FileId", failures[1].PropertyName);
        Assert.Equal("second", failures[2].ErrorMessage);
        Assert.Empty(_handled);
    }

    private static ValidationBehaviour<PauseTaskCommand, TaskSummaryView> Behaviour(
        params IValidator<PauseTaskCommand>[] validators) => new(validators);

    private ValueTask<TaskSummaryView> Next(PauseTaskCommand message, CancellationToken cancellationToken)
    {
        _handled.Add(message);
        return ValueTask.FromResult(Response);
    }
}
