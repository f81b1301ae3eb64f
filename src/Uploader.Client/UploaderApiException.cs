using System.Text.Json;

namespace Uploader.Client;

/// <summary>
/// The server refused a request (its problem+json <c>code</c>, <c>detail</c> and HTTP status), or it could not be
/// reached: <see cref="Code"/> <c>unreachable</c> with <see cref="StatusCode"/> 0 when retries ran out on connection
/// failures or attempt timeouts (the last failure is the inner exception).
/// </summary>
public sealed class UploaderApiException : Exception
{
    public const string UnreachableCode = "unreachable";

    public UploaderApiException(int statusCode, string code, string? detail, TimeSpan? retryAfter = null, JsonElement? problem = null, Exception? innerException = null)
        : base(MessageOf(statusCode, code, detail), innerException)
    {
        StatusCode = statusCode;
        Code = code;
        Detail = detail;
        RetryAfter = retryAfter;
        Problem = problem;
    }

    /// <summary>The HTTP status; 0 when no answer came.</summary>
    public int StatusCode { get; }

    /// <summary>The contract's machine code (<c>task_not_found</c>, <c>corrupt_chunks</c>, ...), <c>unreachable</c>, or <c>http_STATUS</c> for an answer without a problem body.</summary>
    public string Code { get; }

    public string? Detail { get; }

    /// <summary>The answer's <c>Retry-After</c>, when it had one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Set for an answer that another attempt cannot change, whatever its status.</summary>
    internal bool IsFinal { get; set; }

    /// <summary>The whole problem+json object as the server sent it, for fields such as <c>errors</c> or <c>field</c>.</summary>
    public JsonElement? Problem { get; }

    /// <summary><c>corrupt_chunks</c> of a 422 <c>corrupt_chunks</c> answer, else empty.</summary>
    public IReadOnlyList<int> CorruptChunks => Indexes("corrupt_chunks");

    /// <summary><c>missing_chunks</c> of a 400 <c>chunks_missing</c> answer, else empty.</summary>
    public IReadOnlyList<int> MissingChunks => Indexes("missing_chunks");

    private IReadOnlyList<int> Indexes(string field) =>
        Problem is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32())]
            : [];

    private static string MessageOf(int statusCode, string code, string? detail) =>
        statusCode == 0 ? $"{code}: {detail}" : $"{statusCode} {code}: {detail}";
}
