using System.Text.Encodings.Web;
using System.Text.Json;

namespace Uploader.Cli.Output;

/// <summary>
/// The one JSON document a --json run writes on stdout: one line in the server's snake_case, since a task's chunk
/// list can run to thousands of entries (pipe it through jq to read it).
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Paths and messages stay readable; the document goes to a script or a terminal, never into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter stdout, object document) =>
        stdout.WriteLine(JsonSerializer.Serialize(document, Options));

    /// <summary>The server's own object when the client kept it, else the DTO in the same naming.</summary>
    public static void WriteServerAnswer(TextWriter stdout, JsonElement raw, object dto) =>
        Write(stdout, raw.ValueKind == JsonValueKind.Object ? raw : dto);
}
