using Microsoft.AspNetCore.Mvc;

namespace Uploader.Api.Problems;

/// <summary>
/// A problem answer given by a filter before or instead of the action, carrying its contract code so that what
/// wraps the action (the chunk outcome count) can tell which refusal it was without reading the body.
/// </summary>
public sealed class ProblemResult : JsonResult
{
    public ProblemResult(ProblemDetails problem, string code, string contentType)
        : base(problem)
    {
        Code = code;
        StatusCode = problem.Status;
        ContentType = contentType;
    }

    public string Code { get; }
}
