namespace Uploader.Api.OpenApi;

/// <summary>
/// The problem+json codes an action or controller may answer with, for the OpenAPI document. Name them from
/// <see cref="Problems.ErrorCodes"/>: <c>[ProducesErrors(ErrorCodes.TaskNotFound, ErrorCodes.InvalidState)]</c>.
/// The document gets one response per status, and its description lists exactly the declared codes of that status
/// with their meaning; statuses and meanings come from <see cref="Problems.ProblemCatalog.Codes"/>, so a code must be
/// in that table (a new code: its constant in ErrorCodes, its row in ProblemCatalog.Codes, and a case in
/// ProblemCatalog.Describe if an exception is answered with it). A code the table lacks fails the document's
/// generation, and so the OpenAPI tests. A controller's codes apply to each of its actions, added to the action's own.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesErrorsAttribute(params string[] codes) : Attribute
{
    public IReadOnlyList<string> Codes { get; } = codes;
}

/// <summary>The action reads the upload_chunk multipart body itself (to stream it); this documents its fields.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChunkUploadBodyAttribute : Attribute;

/// <summary>The action reads the merge_chunks form or JSON body itself; this documents its fields.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MergeRequestBodyAttribute : Attribute;
