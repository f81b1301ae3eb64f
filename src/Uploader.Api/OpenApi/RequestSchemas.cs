using Microsoft.OpenApi;

namespace Uploader.Api.OpenApi;

internal static class RequestSchemas
{
    public static OpenApiSchema UploadChunk() => Object(
        ["file_id", "chunk_index", "total_chunks", "file_size", "chunk"],
        ("file_id", Text("Task id chosen by the client: 1-200 characters, no control characters.")),
        ("chunk_index", Integer("0 <= chunk_index < total_chunks.")),
        ("total_chunks", Integer("1 .. max_chunks; must equal the task's value once it exists.")),
        ("file_size", Integer("0 .. max_file_size in bytes; must equal the task's value once it exists.")),
        ("chunk", new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The chunk's bytes. Its file name names the task's file when 'filename' is absent." }),
        ("md5", Text("Optional: 32 hex digits, checked against the received bytes.")),
        ("chunk_size", Integer("Optional nominal chunk size: every chunk but the last then has exactly this size.")),
        ("filename", Text("Optional: the file's name.")),
        ("relative_path", Text("Optional: where under merged_dir the file goes, name included (a/b/c.txt).")));

    public static OpenApiSchema MergeChunks() => Object(
        ["file_id"],
        ("file_id", Text("The task to merge.")),
        ("filename", Text("Optional: must agree with the task.")),
        ("total_chunks", Integer("Optional: must agree with the task.")),
        ("relative_path", Text("Optional: must agree with the task.")),
        ("expected_md5", Text("Optional: md5 the merged file must have (32 hex digits).")));

    private static OpenApiSchema Object(string[] required, params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string>(required),
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema),
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Integer(string description) =>
        new() { Type = JsonSchemaType.Integer, Format = "int64", Description = description };
}
