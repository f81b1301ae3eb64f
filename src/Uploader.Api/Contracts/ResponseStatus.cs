namespace Uploader.Api.Contracts;

/// <summary>The <c>status</c> word of a successful answer that is not a task's (go-uploader's <c>"status":"ok"</c>).</summary>
public static class ResponseStatus
{
    public const string Ok = "ok";
}
