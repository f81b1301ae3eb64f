namespace Uploader.Api.Contracts;

/// <summary>The prefix every endpoint of the contract lives under, kept from go-uploader so its clients work unchanged.</summary>
public static class BasePath
{
    /// <summary>The prefix as a route template segment, for <c>[Route]</c>.</summary>
    public const string Segment = "go-uploader";

    /// <summary>The prefix as the start of a request path.</summary>
    public const string Absolute = "/" + Segment;
}
