namespace Uploader.Api.Auth;

/// <summary>
/// Marks the auth routes, whose answers go-uploader's own page reads: their refusals carry its fields too
/// (`success: false`, `code` as the HTTP status, `message`) on top of the problem's, `code` being go-uploader's.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AnswersLikeGoUploaderAttribute : Attribute
{
    /// <summary>Whether the answers also say `auth_enabled` (auth/check); a refusal is only given with auth on.</summary>
    public bool WithAuthEnabled { get; init; }

    public IReadOnlyDictionary<string, object?> Fields(int status, string message)
    {
        var fields = new Dictionary<string, object?> { ["success"] = false, ["code"] = status, ["message"] = message };
        if (WithAuthEnabled)
        {
            fields["auth_enabled"] = true;
        }

        return fields;
    }
}
