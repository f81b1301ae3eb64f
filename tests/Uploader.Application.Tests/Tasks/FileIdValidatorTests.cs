using FluentValidation;
using Uploader.Application.Tasks.Commands.DeleteTask;
using Uploader.Application.Tasks.Commands.PauseTask;
using Uploader.Application.Tasks.Commands.ResumeTask;
using Uploader.Application.Tasks.Queries.GetTaskDetail;
using Uploader.Application.Tasks.Queries.GetUploadStatus;

namespace Uploader.Application.Tests;

/// <summary>The pause, resume, status, detail and delete requests name a task by file_id, checked by the same rule.</summary>
public class FileIdValidatorTests
{
    public static TheoryData<string, bool> FileIds => new()
    {
        { "file-1", true },
        { new string('f', 200), true },
        { "données été", true },
        { string.Empty, false },
        { new string('f', 201), false },
        { "file\u0000", false },
        { "file\r\n", false },
    };

    [Theory]
    [MemberData(nameof(FileIds))]
    public void Pause_checks_the_file_id(string fileId, bool valid) =>
        AssertValidity(new PauseTaskValidator(), new PauseTaskCommand(fileId), valid);

    [Theory]
    [MemberData(nameof(FileIds))]
    public void Resume_checks_the_file_id(string fileId, bool valid) =>
        AssertValidity(new ResumeTaskValidator(), new ResumeTaskCommand(fileId), valid);

    [Theory]
    [MemberData(nameof(FileIds))]
    public void Status_checks_the_file_id(string fileId, bool valid) =>
        AssertValidity(new GetUploadStatusValidator(), new GetUploadStatusQuery(fileId), valid);

    [Theory]
    [MemberData(nameof(FileIds))]
    public void Detail_checks_the_file_id(string fileId, bool valid) =>
        AssertValidity(new GetTaskDetailValidator(), new GetTaskDetailQuery(fileId), valid);

    [Theory]
    [MemberData(nameof(FileIds))]
    public void Delete_checks_the_file_id(string fileId, bool valid) =>
        AssertValidity(new DeleteTaskValidator(), new DeleteTaskCommand(fileId, DeleteFile: true), valid);

    private static void AssertValidity<T>(IValidator<T> validator, T request, bool valid)
    {
        var result = validator.Validate(request);

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("FileId", e.PropertyName));
    }
}
