using FluentValidation;
using Uploader.Application.Errors;
using Uploader.Domain.Errors;

namespace Uploader.Api.Problems;

/// <summary>The one mapping from what went wrong to the contract's status and code.</summary>
public static class ProblemCatalog
{
    public sealed record Entry(int Status, string Code, IReadOnlyDictionary<string, object?>? Extensions = null, string? Detail = null);

    public static Entry? Describe(Exception exception) => exception switch
    {
        ValidationException v => new(
            400,
            ErrorCodes.ValidationFailed,
            Errors(v.Errors.GroupBy(e => e.PropertyName, e => e.ErrorMessage)),
            string.Join(" ", v.Errors.Select(e => e.ErrorMessage).Distinct())),
        MalformedRequestException m => new(400, ErrorCodes.ValidationFailed, Errors([new Field(m.Field, m.Message)])),
        InvalidFileLayout => new(400, ErrorCodes.ValidationFailed, Errors([new Field("total_chunks", exception.Message)])),
        ChunkIndexOutOfRange => new(400, ErrorCodes.ValidationFailed, Errors([new Field("chunk_index", exception.Message)])),
        InvalidPath => new(400, ErrorCodes.InvalidPath),
        ChunksMissing c => new(400, ErrorCodes.ChunksMissing, One("missing_chunks", c.Missing)),
        TaskNotFound => new(404, ErrorCodes.TaskNotFound),
        TaskPaused => new(409, ErrorCodes.TaskPaused),
        TaskCompleted => new(409, ErrorCodes.TaskCompleted),
        MergeInProgress => new(409, ErrorCodes.MergeInProgress),
        InvalidTaskState or ConcurrentChange => new(409, ErrorCodes.InvalidState),
        TaskMismatch t => new(409, ErrorCodes.TaskMismatch, One("field", t.Field)),
        TargetExists => new(409, ErrorCodes.TargetExists),
        FileGone => new(410, ErrorCodes.FileGone),
        ChunkTooLarge => new(413, ErrorCodes.ChunkTooLarge),
        FileTooLarge => new(413, ErrorCodes.FileTooLarge),
        ExtensionNotAllowed => new(415, ErrorCodes.ExtensionNotAllowed),
        ChecksumMismatch c => new(422, ErrorCodes.ChecksumMismatch, new Dictionary<string, object?> { ["expected_md5"] = c.Expected, ["actual_md5"] = c.Actual }),
        CorruptChunks c => new(422, ErrorCodes.CorruptChunks, One("corrupt_chunks", c.Corrupt)),
        SizeMismatch => new(422, ErrorCodes.SizeMismatch),
        InsufficientStorage => new(507, ErrorCodes.InsufficientStorage),
        BadHttpRequestException { StatusCode: 413 } => new(413, ErrorCodes.ChunkTooLarge),
        BadHttpRequestException => new(400, ErrorCodes.ValidationFailed),
        _ => null,
    };

    /// <summary>The contract code an exception is answered with; anything outside the table is an internal error.</summary>
    public static string CodeOf(Exception exception) => Describe(exception)?.Code ?? ErrorCodes.InternalError;

    private sealed record Field(string Name, string Message);

    private static Dictionary<string, object?> One(string name, object value) => new() { [name] = value };

    private static Dictionary<string, object?> Errors(IEnumerable<Field> fields) =>
        Errors(fields.GroupBy(f => f.Name, f => f.Message));

    private static Dictionary<string, object?> Errors(IEnumerable<IGrouping<string, string>> groups) =>
        One("errors", groups.ToDictionary(g => g.Key, g => g.ToArray()));
}
