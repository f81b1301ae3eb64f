namespace Uploader.Api.Controllers;

/// <summary>
/// A file_id may contain '/', which a client puts in a path as %2F. ASP.NET Core decodes every escape in
/// a route value except %2F (so a separator cannot change which route matches); it is restored here.
/// </summary>
internal static class RouteFileId
{
    public static string Decode(string routeValue) =>
        routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
