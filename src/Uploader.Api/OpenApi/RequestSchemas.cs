using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Uploader.Api.Contracts;
using Uploader.Application.Tasks;

namespace Uploader.Api.OpenApi;

/// <summary>
/// The hand-read request bodies. Swagger UI's Try it out pre-fills each field with its example, so a field has one
/// only where any value would do for a first try: a made-up file id, chunk 0 of 1. A value that depends on the
/// picked file (file_size, md5, chunk_size, filename, relative_path) has none, and Try it out leaves it empty
/// (see swagger-ui/empty-form-fields.js), which the server reads as absent.
/// </summary>
internal static class RequestSchemas
{
    /// <summary>The file id the examples use, in upload_chunk's form and merge_chunks' sample body alike.</summary>
    public const string ExampleFileId = "report-2026-12";

    private const string Md5Pattern = "^[0-9a-fA-F]{32}$";

    public static OpenApiSchema UploadChunk() => Object(
        [WireFields.FileId, WireFields.ChunkIndex, WireFields.TotalChunks, WireFields.FileSize, WireFields.Chunk],
        (WireFields.FileId, FileId("Task id chosen by the client: 1-200 characters, no control characters.")),
        (WireFields.ChunkIndex, Integer("0 <= chunk_index < total_chunks.", minimum: 0, example: 0)),
        (WireFields.TotalChunks, Integer("1 .. max_chunks; must equal the task's value once it exists.", minimum: 1, example: 1)),
        (WireFields.FileSize, Integer("The whole file's size in bytes, 0 .. max_file_size; must equal the task's value once it exists.", minimum: 0)),
        (WireFields.Chunk, new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The chunk's bytes. Its file name names the task's file when 'filename' is absent." }),
        (WireFields.Md5, Md5("Optional: the chunk's md5, checked against the received bytes.")),
        (WireFields.ChunkSize, Integer("Optional nominal chunk size: every chunk but the last then has exactly this size.", minimum: 1)),
        (WireFields.Filename, Text("Optional: the file's name; without it, the chunk part's file name.")),
        (WireFields.RelativePath, Text("Optional: where under merged_dir the file goes, name included (a/b/c.txt).")));

    public static OpenApiSchema MergeChunks() => Object(
        [WireFields.FileId],
        (WireFields.FileId, FileId("The task to merge.")),
        (WireFields.Filename, Text("Optional: must agree with the task.")),
        (WireFields.TotalChunks, Integer("Optional: must agree with the task.", minimum: 1)),
        (WireFields.RelativePath, Text("Optional: must agree with the task.")),
        (WireFields.ExpectedMd5, Md5("Optional: the md5 the merged file must have.")),
        (WireFields.Async, Boolean("Optional: true answers 202 as soon as the task is claimed and merges in the background; also taken as a query parameter or as the header Prefer: respond-async.")));

    /// <summary>
    /// The smallest valid merge body, Try it out's sample: the file id alone. expected_md5 is left out because no
    /// example md5 is the picked file's; with it, the merge checks the file against it.
    /// </summary>
    public static JsonNode MergeChunksExample() => new JsonObject { [WireFields.FileId] = ExampleFileId };

    private static OpenApiSchema Object(string[] required, params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string>(required),
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema),
    };

    private static OpenApiSchema Boolean(string description) => new() { Type = JsonSchemaType.Boolean, Description = description };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema FileId(string description) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        MinLength = 1,
        MaxLength = FileIdRules.MaxLength,
        Example = ExampleFileId,
    };

    private static OpenApiSchema Md5(string description) =>
        new() { Type = JsonSchemaType.String, Description = $"{description} 32 hex digits.", Pattern = Md5Pattern };

    private static OpenApiSchema Integer(string description, long minimum, long? example = null) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int64",
        Description = description,
        Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Example = example is { } value ? JsonValue.Create(value) : null,
    };
}
