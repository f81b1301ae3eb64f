using System.Globalization;
using Microsoft.OpenApi;
using Uploader.Api.Problems;

namespace Uploader.Api.OpenApi;

/// <summary>The problem+json answers of one operation, built from the codes it declares and the catalog's table.</summary>
internal static class ErrorResponses
{
    /// <summary>
    /// Adds one response per status of <paramref name="codes"/>; its description is a Markdown list of the declared
    /// codes of that status with when each is given, in the table's order.
    /// </summary>
    /// <exception cref="ArgumentException">A code is not in <see cref="ProblemCatalog.Codes"/>.</exception>
    public static void Add(OpenApiResponses responses, IEnumerable<string> codes, IOpenApiSchema problem)
    {
        var declared = codes.Select(ProblemCatalog.Find).ToHashSet();
        foreach (var status in ProblemCatalog.Codes.Where(declared.Contains).GroupBy(c => c.Status).OrderBy(g => g.Key))
        {
            responses[status.Key.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = string.Join("\n", status.Select(c => $"- `{c.Name}`: {c.When}")),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            };
        }
    }
}
