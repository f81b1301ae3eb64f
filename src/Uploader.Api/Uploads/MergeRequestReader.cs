using System.Text.Json;
using Uploader.Api.Contracts;
using Uploader.Api.Problems;
using Uploader.Application.Tasks.Commands.MergeChunks;

namespace Uploader.Api.Uploads;

/// <summary>
/// merge_chunks takes a form (urlencoded or multipart), a JSON object, or plain query parameters. The background form
/// is asked for by <c>async=true</c> in the body or the query (a client may add it to the URL of any body), or by
/// <c>Prefer: respond-async</c>.
/// </summary>
/// <remarks>A scoped service like <see cref="ChunkUploadFormReader"/>: the controller is given both the same way.</remarks>
public sealed class MergeRequestReader
{
    private static readonly string[] Fields =
        [WireFields.FileId, WireFields.Filename, WireFields.TotalChunks, WireFields.RelativePath, WireFields.ExpectedMd5, WireFields.Async];

    public async Task<MergeChunksCommand> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var values = request.HasFormContentType ? await FromFormAsync(request, cancellationToken)
            : request.HasJsonContentType() ? await FromJsonAsync(request, cancellationToken)
            : Fields.ToDictionary(f => f, f => (string?)request.Query[f].FirstOrDefault());
        var async = values.GetValueOrDefault(WireFields.Async) ?? request.Query[WireFields.Async].FirstOrDefault();

        var parse = new FormFieldParser();
        var command = new MergeChunksCommand(
            FormFieldParser.Text(values.GetValueOrDefault(WireFields.FileId)),
            FormFieldParser.Text(values.GetValueOrDefault(WireFields.Filename)),
            parse.Int(WireFields.TotalChunks, values.GetValueOrDefault(WireFields.TotalChunks)),
            FormFieldParser.Text(values.GetValueOrDefault(WireFields.RelativePath)),
            FormFieldParser.Text(values.GetValueOrDefault(WireFields.ExpectedMd5)),
            parse.Bool(WireFields.Async, async) || RespondAsyncPreference.IsRequested(request));
        parse.ThrowIfAnyFailed();
        return command;
    }

    private static async Task<Dictionary<string, string?>> FromFormAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var form = await request.ReadFormAsync(ct);
            return Fields.ToDictionary(f => f, f => (string?)form[f].FirstOrDefault());
        }
        catch (Exception ex) when (ex is InvalidDataException || ex.GetType() == typeof(IOException))
        {
            // A body cut short or framed wrongly: the client's malformed request, not a server fault.
            throw new MalformedRequestException("body", $"The form body is malformed: {ex.Message}");
        }
    }

    private static async Task<Dictionary<string, string?>> FromJsonAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedRequestException("body", "The JSON body must be an object.");
            }

            return Fields.ToDictionary(f => f, f => document.RootElement.TryGetProperty(f, out var value) ? Text(value) : null);
        }
        catch (JsonException ex)
        {
            throw new MalformedRequestException("body", $"The JSON body is malformed: {ex.Message}");
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => null,
        _ => throw new MalformedRequestException("body", $"Expected a string, number or boolean, got {value.ValueKind}."),
    };
}
