using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Uploader.Api.Contracts;
using Uploader.Api.Health;

namespace Uploader.Api.OpenApi;

/// <summary>
/// Describes the two probes that HealthEndpoints maps: they are not actions and are kept from the API explorer,
/// so they are described here. Both are public (no security requirement) and share the liveness probe's tag.
/// </summary>
public sealed class HealthDocumentFilter : IDocumentFilter
{
    private const string Tag = "Health";

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        ArgumentNullException.ThrowIfNull(context);
        var schema = context.SchemaGenerator.GenerateSchema(typeof(HealthResponse), context.SchemaRepository);
        swaggerDoc.Paths ??= [];
        swaggerDoc.Paths[HealthEndpoints.HealthPath] = Probe(
            swaggerDoc, schema, "Runs every health check: database, upload_dir, merged_dir, disk_space.",
            "A warning (disk above disk_warning_percent or below min_free_disk_bytes) still answers 200.");
        swaggerDoc.Paths[HealthEndpoints.ReadyPath] = Probe(
            swaggerDoc, schema, "Readiness: the database answers, both folders take writes, the disk is above the hard floor.",
            "A warning does not make the server unready.");
    }

    private static OpenApiPathItem Probe(OpenApiDocument document, IOpenApiSchema schema, string summary, string description) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                Summary = summary,
                Description = $"Public, no key needed. {description} Answers carry Cache-Control: no-store.",
                Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
                Responses = new OpenApiResponses
                {
                    ["200"] = Answer("healthy or warning", schema),
                    ["503"] = Answer("unhealthy: the failing check says why", schema),
                },
            },
        },
    };

    private static OpenApiResponse Answer(string description, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
    };
}
