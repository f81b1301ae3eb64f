using System.Text.Json;

namespace Uploader.Client;

/// <summary>The contract's JSON: snake_case names, numbers possibly written as strings by other servers.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    public static T Read<T>(JsonElement element) =>
        element.Deserialize<T>(Options) ?? throw new JsonException($"The server answered null where {typeof(T).Name} belongs.");
}
