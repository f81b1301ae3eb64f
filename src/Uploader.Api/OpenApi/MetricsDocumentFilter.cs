using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Uploader.Api.Auth;
using Uploader.Api.Metrics;
using Uploader.Api.Problems;

namespace Uploader.Api.OpenApi;

/// <summary>
/// Describes GET /go-uploader/metrics, which prometheus-net serves as a plain endpoint the API explorer never
/// sees. It takes the key like every action.
/// </summary>
public sealed class MetricsDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        swaggerDoc.Paths ??= [];
        swaggerDoc.Paths[MetricsRegistration.Path] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    Summary = "Prometheus metrics in the text exposition format.",
                    Description = "uploader_chunks_received_total, uploader_bytes_received_total, uploader_chunk_failures_total{code}, "
                        + "uploader_merges_total{result}, uploader_merge_duration_seconds, uploader_tasks{status} (counted at most every 15 s), "
                        + "uploader_disk_free_bytes{dir}, http_* request metrics, process_* and dotnet_* runtime metrics. "
                        + "Prometheus sends the key as `Authorization: Bearer <key>`.",
                    Tags = new HashSet<OpenApiTagReference> { new("Metrics", swaggerDoc) },
                    Responses = Responses(problem),
                    Security =
                    [
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, swaggerDoc)] = [] },
                        new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", swaggerDoc)] = [] },
                    ],
                },
            },
        };
    }

    private static OpenApiResponses Responses(IOpenApiSchema problem)
    {
        var responses = new OpenApiResponses
        {
            ["200"] = new OpenApiResponse
            {
                Description = "text/plain; version=0.0.4",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            },
        };
        ErrorResponses.Add(responses, [ErrorCodes.Unauthorized, ErrorCodes.TooManyRequests], problem);
        return responses;
    }
}
