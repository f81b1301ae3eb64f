using System.Text.Json;

namespace Uploader.Client;

/// <summary>An answer the caller accepted: its HTTP status and JSON body (undefined when the body was empty).</summary>
internal readonly record struct WireAnswer(int Status, JsonElement Body);
