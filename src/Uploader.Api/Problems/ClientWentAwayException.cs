using Microsoft.AspNetCore.Connections;

namespace Uploader.Api.Problems;

/// <summary>
/// The client closed or reset its connection before its request body was whole. Nobody is left to read an answer
/// and nothing is the server's fault: the request is logged with status 499 (nginx's "client closed request"),
/// never as a 500, and upload_chunk counts it in uploader_chunks_aborted_total, not among the failures.
/// </summary>
public sealed class ClientWentAwayException(long bytesReceived, Exception inner)
    : IOException($"The client went away after {bytesReceived} bytes of the request body.", inner)
{
    public long BytesReceived { get; } = bytesReceived;

    /// <summary>
    /// Whether <paramref name="exception"/> means that the client left: a reset connection, a body with a
    /// Content-Length that ended early (Kestrel's 400 "Unexpected end of request content" after a FIN), or a read
    /// cancelled because the connection is gone.
    /// </summary>
    public static bool Describes(Exception exception, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return exception is ClientWentAwayException or ConnectionResetException
            || (exception is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } && context.Request.ContentLength is not null)
            || (exception is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested);
    }
}
