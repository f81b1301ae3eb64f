namespace Uploader.Api.Auth;

/// <summary>The authentication failure of a wrong key (counted by the lockout).</summary>
public sealed class WrongKeyException() : Exception("The API key is wrong.");
