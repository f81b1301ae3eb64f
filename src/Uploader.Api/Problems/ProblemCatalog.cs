using FluentValidation;
using Uploader.Api.Contracts;
using Uploader.Api.Uploads;
using Uploader.Application.Errors;
using Uploader.Domain.Errors;

namespace Uploader.Api.Problems;

/// <summary>
/// The one mapping from what went wrong to the contract's code, and from each code to its status and meaning: the
/// OpenAPI document's error answers (<see cref="OpenApi.ProducesErrorsAttribute"/>) are built from this table too.
/// </summary>
public static class ProblemCatalog
{
    /// <summary>One code of the error table: the status it is answered with and when it is given.</summary>
    public sealed record ErrorCode(string Name, int Status, string When);

    /// <summary>An exception as the contract answers it; the status is the code's (<see cref="StatusOf"/>).</summary>
    public sealed record Entry(string Code, IReadOnlyDictionary<string, object?>? Extensions = null, string? Detail = null);

    /// <summary>Every code the server answers with, in the order of the contract's table.</summary>
    public static IReadOnlyList<ErrorCode> Codes { get; } =
    [
        new(ErrorCodes.ValidationFailed, 400, "a field or query parameter is missing or malformed, a value is out of range, or the body is not the expected form; adds `errors` per field"),
        new(ErrorCodes.InvalidPath, 400, "`relative_path`, `filename` or the part's file name breaks the path rules or resolves outside `merged_dir`"),
        new(ErrorCodes.ChunksMissing, 400, "not every chunk is stored yet; adds `missing_chunks`"),
        new(ErrorCodes.InvalidConcatenation, 400, "tus: a final upload names an upload that is not a finished partial upload, or partial uploads of no bytes"),
        new(ErrorCodes.Unauthorized, 401, "the key (or the session cookie) is missing, wrong or expired"),
        new(ErrorCodes.ForbiddenOrigin, 403, "a state-changing request authenticated by the session cookie alone does not come from the server's own origin (`Origin`, `Sec-Fetch-Site`)"),
        new(ErrorCodes.FinalUploadImmutable, 403, "tus: a PATCH of a final upload, which is made of its partial uploads"),
        new(ErrorCodes.TaskNotFound, 404, "no task with this `file_id`"),
        new(ErrorCodes.NotFound, 404, "no endpoint at this path"),
        new(ErrorCodes.MethodNotAllowed, 405, "the path does not take this method"),
        new(ErrorCodes.TaskPaused, 409, "the task is paused"),
        new(ErrorCodes.TaskCompleted, 409, "the task is completed"),
        new(ErrorCodes.MergeInProgress, 409, "the task is being merged"),
        new(ErrorCodes.InvalidState, 409, "the task is failed, or concurrent requests kept changing it"),
        new(ErrorCodes.TaskMismatch, 409, "a value differs from the task's; adds `field`"),
        new(ErrorCodes.OffsetMismatch, 409, "tus: the PATCH's `Upload-Offset` is not the upload's; adds `upload_offset`, the one to continue at"),
        new(ErrorCodes.PatchSuperseded, 409, "tus: a later PATCH of the same upload took it over; this one stored nothing more"),
        new(ErrorCodes.TargetExists, 409, "the merged file's target exists and `on_conflict` does not allow replacing or renaming it"),
        new(ErrorCodes.FileGone, 410, "the task is completed but its merged file was deleted or replaced in `merged_dir`"),
        new(ErrorCodes.PreconditionFailed, 412, "`If-Match` names another ETag than the file's"),
        new(ErrorCodes.TusVersionUnsupported, 412, "tus: `Tus-Resumable` is missing or not 1.0.0; `Tus-Version` names what is"),
        new(ErrorCodes.ChunkTooLarge, 413, "the chunk (or the body) is above `max_chunk_size`"),
        new(ErrorCodes.FileTooLarge, 413, "`file_size` is above `max_file_size`"),
        new(ErrorCodes.WrongContentType, 415, "tus: a PATCH (or a creation with bytes) whose `Content-Type` is not `application/offset+octet-stream`"),
        new(ErrorCodes.ExtensionNotAllowed, 415, "`allowed_extensions` is set and the name's extension is not in it"),
        new(ErrorCodes.ChecksumMismatch, 422, "an md5 differs from the bytes; adds `expected_md5`, `actual_md5`"),
        new(ErrorCodes.CorruptChunks, 422, "stored chunks no longer match their md5; adds `corrupt_chunks`"),
        new(ErrorCodes.SizeMismatch, 422, "a chunk breaks the size rules, or the chunks do not add up to `file_size`"),
        new(ErrorCodes.TooManyRequests, 429, "the upload queue is full or the key is locked out; sets `Retry-After`"),
        new(ErrorCodes.InternalError, 500, "an unexpected fault; it was logged"),
        new(ErrorCodes.InsufficientStorage, 507, "free disk is below the floor"),
    ];

    private static string ChunkIndexOutside(ChunkIndexOutOfRange c) =>
        $"{WireFields.ChunkIndex} {c.Index} is outside 0..{c.TotalChunks - 1} ({WireFields.TotalChunks} {c.TotalChunks}).";

    private static readonly Dictionary<string, ErrorCode> ByName = Codes.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The table's row for <paramref name="code"/>; a code the table lacks is a programming error.</summary>
    public static ErrorCode Find(string code) =>
        ByName.TryGetValue(code, out var found)
            ? found
            : throw new ArgumentException($"'{code}' is not in ProblemCatalog.Codes; add it there with its status.", nameof(code));

    public static int StatusOf(string code) => Find(code).Status;

    public static Entry? Describe(Exception exception) => exception switch
    {
        ValidationException v => new(
            ErrorCodes.ValidationFailed,
            Errors(v.Errors.GroupBy(e => e.PropertyName, e => e.ErrorMessage)),
            string.Join(" ", v.Errors.Select(e => e.ErrorMessage).Distinct())),
        MalformedRequestException m => new(ErrorCodes.ValidationFailed, Errors([new Field(m.Field, m.Message)])),
        InvalidFileLayout l => new(ErrorCodes.ValidationFailed, Errors([new Field(WireNameOf(l.Rule), exception.Message)])),
        ChunkIndexOutOfRange c => new(
            ErrorCodes.ValidationFailed,
            Errors([new Field(WireFields.ChunkIndex, ChunkIndexOutside(c))]),
            ChunkIndexOutside(c)),
        InvalidPath p => new(ErrorCodes.InvalidPath, Detail: $"{WireNameOf(p.Field)} is not a safe relative path: {p.Reason}."),
        ChunksMissing c => new(ErrorCodes.ChunksMissing, One("missing_chunks", c.Missing)),
        TaskNotFound t => new(ErrorCodes.TaskNotFound, Detail: $"No task with {WireFields.FileId} '{t.FileId}'."),
        TaskPaused => new(ErrorCodes.TaskPaused),
        TaskCompleted => new(ErrorCodes.TaskCompleted),
        MergeInProgress => new(ErrorCodes.MergeInProgress),
        InvalidTaskState or ConcurrentChange or MergeLeaseLost => new(ErrorCodes.InvalidState),
        TaskMismatch t => new(
            ErrorCodes.TaskMismatch,
            One("field", WireNameOf(t.Field)),
            $"{WireNameOf(t.Field)} is {t.RequestValue} but the task has {t.TaskValue}."),
        TargetExists => new(ErrorCodes.TargetExists),
        UploadOffsetMismatch o => new(ErrorCodes.OffsetMismatch, One("upload_offset", o.Actual)),
        PatchSuperseded => new(ErrorCodes.PatchSuperseded),
        InvalidConcatenation => new(ErrorCodes.InvalidConcatenation),
        FinalUploadImmutable => new(ErrorCodes.FinalUploadImmutable),
        Tus.WrongContentTypeException => new(ErrorCodes.WrongContentType),
        FileGone => new(ErrorCodes.FileGone),
        ChunkTooLarge c => new(
            ErrorCodes.ChunkTooLarge,
            Detail: $"The chunk part went on past max_chunk_size ({c.Limit} bytes); send smaller chunks {ChunkBodyLimit.LimitsHint}."),
        FileTooLarge f => new(ErrorCodes.FileTooLarge, Detail: $"{WireFields.FileSize} {f.FileSize} is above the limit of {f.Limit} bytes."),
        ExtensionNotAllowed => new(ErrorCodes.ExtensionNotAllowed),
        ChecksumMismatch c => new(ErrorCodes.ChecksumMismatch, new Dictionary<string, object?> { [WireFields.ExpectedMd5] = c.Expected, ["actual_md5"] = c.Actual }),
        CorruptChunks c => new(ErrorCodes.CorruptChunks, One("corrupt_chunks", c.Corrupt)),
        SizeMismatch => new(ErrorCodes.SizeMismatch),
        InsufficientStorage => new(ErrorCodes.InsufficientStorage),
        BadHttpRequestException { StatusCode: 413 } => new(ErrorCodes.ChunkTooLarge),
        BadHttpRequestException => new(ErrorCodes.ValidationFailed),
        _ => null,
    };

    /// <summary>The contract code an exception is answered with; anything outside the table is an internal error.</summary>
    public static string CodeOf(Exception exception) => Describe(exception)?.Code ?? ErrorCodes.InternalError;

    private static string WireNameOf(TaskField field) => field switch
    {
        TaskField.TotalChunks => WireFields.TotalChunks,
        TaskField.FileSize => WireFields.FileSize,
        TaskField.ChunkSize => WireFields.ChunkSize,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "no wire name for this task field"),
    };

    private static string WireNameOf(PathField field) => field switch
    {
        PathField.RelativePath => WireFields.RelativePath,
        PathField.FileName => WireFields.Filename,
        PathField.PartFileName => "chunk file name",
        PathField.MergedFilePath => "file_path",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "no wire name for this path"),
    };

    /// <summary>The field a broken layout rule is reported under: the value the rule refuses.</summary>
    private static string WireNameOf(FileLayoutRule rule) => rule switch
    {
        FileLayoutRule.NegativeFileSize => WireFields.FileSize,
        FileLayoutRule.ChunkSizeBelowOne => WireFields.ChunkSize,
        _ => WireFields.TotalChunks,
    };

    private sealed record Field(string Name, string Message);

    private static Dictionary<string, object?> One(string name, object value) => new() { [name] = value };

    private static Dictionary<string, object?> Errors(IEnumerable<Field> fields) =>
        Errors(fields.GroupBy(f => f.Name, f => f.Message));

    private static Dictionary<string, object?> Errors(IEnumerable<IGrouping<string, string>> groups) =>
        One("errors", groups.ToDictionary(g => g.Key, g => g.ToArray()));
}
