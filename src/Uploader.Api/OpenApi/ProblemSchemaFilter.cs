using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Uploader.Api.OpenApi;

/// <summary>Documents the members every error body carries besides RFC 9457's own.</summary>
public sealed class ProblemSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(ProblemDetails) || schema is not OpenApiSchema problem)
        {
            return;
        }

        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["code"] = Text("Stable machine code, e.g. task_paused (see docs/api.md).");
        problem.Properties["error"] = Text("Same as detail; go-uploader clients read this member.");
        problem.Properties["trace_id"] = Text("Trace id of the request, also in the server log.");
        problem.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "validation_failed only: messages per field.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        problem.Properties["missing_chunks"] = Indexes("chunks_missing only: indexes not stored yet.");
        problem.Properties["corrupt_chunks"] = Indexes("corrupt_chunks only: indexes whose bytes no longer match their md5.");
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Indexes(string description) => new()
    {
        Type = JsonSchemaType.Array,
        Items = new OpenApiSchema { Type = JsonSchemaType.Integer },
        Description = description,
    };
}
