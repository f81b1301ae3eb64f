using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Uploader.Api.Auth;
using Uploader.Api.Problems;

namespace Uploader.Api.OpenApi;

/// <summary>
/// Adds what attributes cannot say: the hand-read request bodies, the problem+json error answers, and
/// the key requirement on every endpoint that is not public.
/// </summary>
public sealed class UploaderOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var method = context.MethodInfo;
        if (method.GetCustomAttribute<ChunkUploadBodyAttribute>() is not null)
        {
            operation.RequestBody = Body("multipart/form-data", RequestSchemas.UploadChunk());
        }

        if (method.GetCustomAttribute<MergeRequestBodyAttribute>() is not null)
        {
            var schema = RequestSchemas.MergeChunks();
            operation.RequestBody = Body("application/json", schema);
            operation.RequestBody.Content!["application/json"].Example = RequestSchemas.MergeChunksExample();
            operation.RequestBody.Content!["application/x-www-form-urlencoded"] = new OpenApiMediaType { Schema = schema };
            operation.RequestBody.Content["multipart/form-data"] = new OpenApiMediaType { Schema = schema };
        }

        var isPublic = method.GetCustomAttribute<AllowAnonymousAttribute>() is not null
            || method.DeclaringType?.GetCustomAttribute<AllowAnonymousAttribute>() is not null;

        // The session cookie authenticates what the key does, and a state-changing call it alone authenticates must
        // come from the server's own origin (SameOrigin).
        var changesState = context.ApiDescription.HttpMethod is not (null or "GET" or "HEAD" or "OPTIONS");
        AddErrors(operation, context, method, !isPublic && changesState ? [ErrorCodes.ForbiddenOrigin] : []);
        if (!isPublic)
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SessionCookie.Name, context.Document)] = [] },
            ];
        }
    }

    private static void AddErrors(OpenApiOperation operation, OperationFilterContext context, MethodInfo method, string[] implied)
    {
        var codes = method.GetCustomAttributes<ProducesErrorsAttribute>()
            .Concat(method.DeclaringType?.GetCustomAttributes<ProducesErrorsAttribute>() ?? [])
            .SelectMany(a => a.Codes)
            .Concat(implied);
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses ??= [];
        ErrorResponses.Add(operation.Responses, codes, problem);
    }

    private static OpenApiRequestBody Body(string mediaType, OpenApiSchema schema) => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } },
    };
}
