using Microsoft.AspNetCore.Authorization;

namespace Uploader.Api.Auth;

/// <summary>
/// Whether a request's endpoint needs the key. Authentication runs for every request, public probes included,
/// so only here is a presented key compared and counted, and only these answers are kept out of caches.
/// </summary>
public static class KeyRequirement
{
    public static bool AppliesTo(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.GetEndpoint()?.Metadata;
        return metadata is not null
            && metadata.GetMetadata<IAllowAnonymous>() is null
            && metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0;
    }
}
