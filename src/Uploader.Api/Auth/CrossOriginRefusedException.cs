namespace Uploader.Api.Auth;

/// <summary>
/// The authentication failure of a state-changing request that only the session cookie authenticates and that does
/// not come from the server's own origin (<see cref="SameOrigin"/>): answered 403 forbidden_origin.
/// </summary>
public sealed class CrossOriginRefusedException() : Exception(
    "A request authenticated by the session cookie alone that changes state must come from this server's own origin (Origin or Sec-Fetch-Site: same-origin); send the key to call the API from elsewhere.");
