using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Uploader.Application.Tasks;
using Uploader.Domain.Tasks;

namespace Uploader.Api.OpenApi;

/// <summary>The parameter takes a task status by name; the document lists the names as its enum.</summary>
/// <param name="except">Statuses the endpoint refuses, left out of the enum.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class TaskStatusParameterAttribute(params UploadTaskStatus[] except) : Attribute
{
    public IReadOnlyList<string> Names { get; } =
        [.. TaskStatusNames.All.Except(except.Select(TaskStatusNames.Of), StringComparer.Ordinal)];
}

/// <summary>Turns a <see cref="TaskStatusParameterAttribute"/> parameter's free text into the statuses' enum.</summary>
public sealed class TaskStatusParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        if (context.ParameterInfo?.GetCustomAttribute<TaskStatusParameterAttribute>() is { } statuses
            && parameter.Schema is OpenApiSchema schema)
        {
            schema.Enum = [.. statuses.Names.Select(name => (JsonNode)JsonValue.Create(name))];
        }
    }
}
