namespace Uploader.Api.OpenApi;

/// <summary>The problem+json answers an action or controller may give, for the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesErrorsAttribute(params int[] statuses) : Attribute
{
    public IReadOnlyList<int> Statuses { get; } = statuses;
}

/// <summary>The action reads the upload_chunk multipart body itself (to stream it); this documents its fields.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChunkUploadBodyAttribute : Attribute;

/// <summary>The action reads the merge_chunks form or JSON body itself; this documents its fields.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MergeRequestBodyAttribute : Attribute;
