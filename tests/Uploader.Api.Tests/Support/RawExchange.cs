using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Uploader.Api.Tests;

/// <summary>
/// One HTTP/1.1 connection driven by hand: a request head is sent on its own, answers (interim 100 Continue ones
/// included) are read one at a time, and the body goes only when the test says so.
/// </summary>
internal sealed class RawExchange(Socket socket)
{
    private readonly List<byte> _pending = [];
    private bool _closed;

    /// <summary>Sends an upload_chunk head with the key, <paramref name="headers"/> and nothing after it.</summary>
    public Task SendHeadAsync(int port, IEnumerable<string> headers, CancellationToken ct)
    {
        var head = new StringBuilder()
            .Append("POST /go-uploader/upload_chunk HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: 127.0.0.1:{port}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-Secret-Key: {UploaderFactory.SecretKey}\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        return SendAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), ct).AsTask();
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) =>
        await socket.SendAsync(bytes, SocketFlags.None, ct);

    /// <summary>
    /// The next answer on the connection, interim or final; what arrived before a close or reset when it ends early
    /// (an empty head when nothing came).
    /// </summary>
    public async Task<RawAnswer> NextAnswerAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            if (TakeAnswer() is { } answer)
            {
                return answer;
            }

            if (_closed)
            {
                var rest = Encoding.UTF8.GetString([.. _pending]);
                _pending.Clear();
                var split = rest.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                return split >= 0 ? new RawAnswer(rest[..split], rest[(split + 4)..], 0, 0) : new RawAnswer(rest, string.Empty, 0, 0);
            }

            try
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                _closed = read == 0;
                _pending.AddRange(buffer.AsSpan(0, read));
            }
            catch (SocketException)
            {
                _closed = true;
            }
        }
    }

    /// <summary>An answer whose head and body (by Content-Length; none for 1xx) have fully arrived, taken off the buffer.</summary>
    private RawAnswer? TakeAnswer()
    {
        var bytes = _pending.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(bytes, 0, end);
        var probe = new RawAnswer(head, string.Empty, 0, 0);
        var rest = bytes.AsSpan(end + 4);
        int length;
        if (probe.Status is >= 100 and < 200)
        {
            length = 0;
        }
        else if (probe.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            // Kept undecoded: the last chunk ends the body.
            var last = rest.StartsWith("0\r\n\r\n"u8) ? 0 : rest.IndexOf("\r\n0\r\n\r\n"u8);
            if (last < 0)
            {
                return null;
            }

            length = last == 0 ? 5 : last + 7;
        }
        else
        {
            length = int.Parse(probe.Header("Content-Length") ?? "0", CultureInfo.InvariantCulture);
            if (rest.Length < length)
            {
                return null;
            }
        }

        var body = Encoding.UTF8.GetString(rest[..length]);
        _pending.RemoveRange(0, end + 4 + length);
        return probe with { Body = body };
    }
}
