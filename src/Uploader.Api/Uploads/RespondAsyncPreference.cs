namespace Uploader.Api.Uploads;

/// <summary>The RFC 7240 preference <c>Prefer: respond-async</c>, which asks merge_chunks for its background form.</summary>
public static class RespondAsyncPreference
{
    public const string PreferHeader = "Prefer";

    /// <summary>Answered with the preference's name when the request's preference was honoured.</summary>
    public const string AppliedHeader = "Preference-Applied";

    public const string Token = "respond-async";

    /// <summary>Whether any Prefer header lists respond-async (preferences are comma separated, each with optional parameters).</summary>
    public static bool IsRequested(HttpRequest request) =>
        request.Headers[PreferHeader]
            .SelectMany(value => (value ?? string.Empty).Split(','))
            .Select(preference => preference.Split(';', '=')[0].Trim())
            .Any(name => string.Equals(name, Token, StringComparison.OrdinalIgnoreCase));
}
