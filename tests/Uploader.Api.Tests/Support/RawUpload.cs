using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Uploader.Api.Tests;

/// <summary>What a raw upload got back: the answer (empty when the server closed without one) and how far it got.</summary>
internal sealed record RawAnswer(string Head, string Body, long BytesSent, long ContentLength)
{
    public int Status => Head.Split(' ', 3) is [_, var code, ..] && int.TryParse(code, CultureInfo.InvariantCulture, out var status) ? status : 0;

    /// <summary>The server answered (or closed) before the client had sent its whole body.</summary>
    public bool AnsweredEarly => BytesSent < ContentLength;

    public string? Header(string name) =>
        Head.Split("\r\n").Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim()).FirstOrDefault();
}

/// <summary>
/// An upload_chunk request sent by hand over a socket, piece by piece with a pause between pieces, while the answer
/// is read at the same time: a slow or hostile body that the server may answer (or cut) before it ends.
/// </summary>
internal static class RawUpload
{
    public static async Task<RawAnswer> SendAsync(
        Socket socket, int port, string contentType, long contentLength, IEnumerable<ReadOnlyMemory<byte>> body, TimeSpan pause, CancellationToken ct)
    {
        var head = new StringBuilder()
            .Append("POST /go-uploader/upload_chunk HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: 127.0.0.1:{port}\r\n")
            .Append(CultureInfo.InvariantCulture, $"X-Secret-Key: {UploaderFactory.SecretKey}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n\r\n")
            .ToString();
        await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, ct);
        var answer = ReadAnswerAsync(socket, ct);
        long sent = 0;
        foreach (var piece in body)
        {
            if (answer.IsCompleted)
            {
                break;
            }

            try
            {
                await socket.SendAsync(piece, SocketFlags.None, ct);
            }
            catch (SocketException)
            {
                break;
            }

            sent += piece.Length;
            if (pause > TimeSpan.Zero)
            {
                await Task.WhenAny(answer, Task.Delay(pause, ct));
            }
        }

        var (answerHead, answerBody) = await answer;
        return new RawAnswer(answerHead, answerBody, sent, contentLength);
    }

    /// <summary>Splits bytes into pieces of <paramref name="size"/>.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Pieces(byte[] bytes, int size)
    {
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            yield return bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
        }
    }

    /// <summary>Whether the body after <paramref name="head"/> is whole: chunked (kept undecoded) or by Content-Length.</summary>
    private static bool Complete(string head, string body)
    {
        var answer = new RawAnswer(head, body, 0, 0);
        return answer.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase)
            ? body.EndsWith("0\r\n\r\n", StringComparison.Ordinal)
            : Encoding.UTF8.GetByteCount(body) >= long.Parse(answer.Header("Content-Length") ?? "0", CultureInfo.InvariantCulture);
    }

    private static async Task<(string Head, string Body)> ReadAnswerAsync(Socket socket, CancellationToken ct)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var text = Encoding.UTF8.GetString(received.ToArray());
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    if (Complete(text[..end], text[(end + 4)..]))
                    {
                        return (text[..end], text[(end + 4)..]);
                    }
                }

                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // Reset by the server: what arrived before it is the answer.
        }

        var all = Encoding.UTF8.GetString(received.ToArray());
        var split = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return split >= 0 ? (all[..split], all[(split + 4)..]) : (all, string.Empty);
    }
}
