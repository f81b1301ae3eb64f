using System.Text.Json;

namespace Uploader.Api.Tests;

/// <summary>Short reads of answer fields; a missing field fails with the whole body in the message.</summary>
public static class JsonFields
{
    public static string? Str(this JsonElement json, string name) => Field(json, name).GetString();

    public static long Number(this JsonElement json, string name) => Field(json, name).GetInt64();

    public static int[] Ints(this JsonElement json, string name) =>
        [.. Field(json, name).EnumerateArray().Select(e => e.GetInt32())];

    public static bool Has(this JsonElement json, string name) => json.TryGetProperty(name, out _);

    private static JsonElement Field(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"no '{name}' in {json}");
}
