using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Primitives;
using Uploader.Api.Problems;

namespace Uploader.Api.Uploads;

/// <summary>
/// A multipart/form-data body read straight from a <see cref="PipeReader"/>: the boundary is searched with the
/// vectorised <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> on the pipe's own segments,
/// and a part's bytes are copied once, from those segments into the caller's buffer (for the chunk: the staging
/// block). It keeps the framing rules of ASP.NET's MultipartReader, which it replaced: the first boundary may follow
/// up to 16 KiB of preamble; a delimiter is CRLF "--" boundary, then anything up to the next CRLF (at most 100
/// bytes), "--" (trimmed) marking the last one; header lines end with CRLF only (a bare LF is part of the line), at
/// most 16 headers and 16 KiB of them per part; at most 16 KiB of epilogue. Every breach is the client's
/// <see cref="MalformedRequestException"/> on "body".
/// </summary>
/// <remarks>
/// Every AdvanceTo consumes what it examines: the bytes still unparsed when more are needed (a possible delimiter
/// start, a partial line; at most a header line's limit) are copied out into <see cref="_carry"/> first. Kestrel cannot
/// undo a read of its transport after an AdvanceTo that examined past what it consumed (dotnet/aspnetcore#19476):
/// when the client's FIN then ends the body early, the transport read stays open and the connection's next request
/// read fails with "Reading is already in progress".
/// </remarks>
internal sealed class MultipartBodyParser
{
    internal const int HeadersLengthLimit = 16 * 1024;
    internal const int HeadersCountLimit = 16;

    /// <summary>What may follow a delimiter on its line: whitespace, or "--" for the last one.</summary>
    private const int DelimiterLineLimit = 100;

    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    private readonly PipeReader _body;

    /// <summary>CRLF "--" boundary; the first delimiter is matched without its CRLF.</summary>
    private readonly byte[] _delimiter;

    /// <summary>Unparsed bytes: those carried over from the previous read, then those the pipe lent now.</summary>
    private ReadOnlySequence<byte> _buffer;

    /// <summary>What the pipe lent with the read held now.</summary>
    private ReadOnlySequence<byte> _lent;
    private bool _holding;
    private byte[] _carry = [];
    private bool _bodyComplete;
    private long _consumed;

    private bool _scanned;
    private long _dataAhead;
    private bool _delimiterAhead;

    private bool _beforeFirstBoundary = true;

    /// <summary>The body starts in the preamble, which is skipped like the rest of a part.</summary>
    private bool _partEnded;
    private bool _lastBoundarySeen;
    private bool _epilogueDropped;

    public MultipartBodyParser(PipeReader body, string boundary)
    {
        ArgumentNullException.ThrowIfNull(body);
        _body = body;
        _delimiter = Encoding.UTF8.GetBytes("\r\n--" + boundary);
    }

    /// <summary>Bytes taken from the body so far: how far a client that went away got.</summary>
    public long BytesReceived => _consumed + _buffer.Length;

    private ReadOnlySpan<byte> Delimiter => _delimiter.AsSpan(_beforeFirstBoundary ? 2 : 0);

    /// <summary>
    /// Moves to the next part, skipping what is left of the current one (or the preamble), and reads its headers.
    /// </summary>
    /// <returns>The part's headers, or null after the last boundary (whose epilogue is then read and dropped).</returns>
    public async ValueTask<MultipartPartHeaders?> NextPartAsync(CancellationToken cancellationToken)
    {
        if (_epilogueDropped)
        {
            return null;
        }

        await SkipRestOfPartAsync(cancellationToken);
        if (_lastBoundarySeen)
        {
            await DropEpilogueAsync(cancellationToken);
            _epilogueDropped = true;
            return null;
        }

        var headers = await ReadHeadersAsync(cancellationToken);
        _partEnded = false;
        return headers;
    }

    /// <summary>Copies the current part's next bytes into <paramref name="destination"/>; 0 at the part's end.</summary>
    public async ValueTask<int> ReadPartAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        var ahead = await DataAheadAsync(cancellationToken);
        if (ahead == 0)
        {
            return 0;
        }

        var count = (int)Math.Min(ahead, destination.Length);
        _buffer.Slice(0, count).CopyTo(destination.Span);
        ConsumeData(count);
        return count;
    }

    /// <summary>The current part's bytes as a read-only stream (for the chunk storage's staging).</summary>
    public Stream OpenPart() => new MultipartPartStream(this);

    /// <summary>Hands what was examined back to the pipe; call once the body is done with, however it ended.</summary>
    public void Release()
    {
        if (_holding)
        {
            _holding = false;
            var unparsed = Math.Min(_buffer.Length, _lent.Length);
            var parsed = _lent.GetPosition(_lent.Length - unparsed);
            _body.AdvanceTo(parsed);
        }
    }

    /// <summary>
    /// The first offset where <paramref name="pattern"/> starts in <paramref name="buffer"/>, or -1. Each segment is
    /// searched with IndexOf; an occurrence that straddles segments starts within the last pattern-length bytes of a
    /// segment with the pattern's first byte, and only those few candidates are compared across the join.
    /// </summary>
    internal static long IndexOf(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> pattern)
    {
        if (buffer.IsSingleSegment)
        {
            return buffer.FirstSpan.IndexOf(pattern);
        }

        long offset = 0;
        var next = buffer.Start;
        var segmentStart = next;
        while (buffer.TryGet(ref next, out var memory))
        {
            var span = memory.Span;
            var found = span.IndexOf(pattern);
            if (found >= 0)
            {
                return offset + found;
            }

            var tailStart = Math.Max(0, span.Length - (pattern.Length - 1));
            for (var candidate = tailStart; candidate < span.Length; candidate++)
            {
                var skip = span[candidate..].IndexOf(pattern[0]);
                if (skip < 0)
                {
                    break;
                }

                candidate += skip;
                if (StartsWith(buffer.Slice(segmentStart).Slice(candidate), pattern))
                {
                    return offset + candidate;
                }
            }

            offset += span.Length;
            segmentStart = next;
        }

        return -1;
    }

    private static bool StartsWith(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> pattern)
    {
        if (buffer.Length < pattern.Length)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[pattern.Length];
        buffer.Slice(0, pattern.Length).CopyTo(head);
        return head.SequenceEqual(pattern);
    }

    private static MalformedRequestException Malformed(string reason) => new("body", $"The multipart body is malformed: {reason}");

    /// <summary>
    /// Bytes of the current part that can be handed out now without looking further: up to the delimiter when it is in
    /// the buffer, else all but the last delimiter-length bytes (which may be the start of one). 0 at the part's end.
    /// </summary>
    private async ValueTask<long> DataAheadAsync(CancellationToken cancellationToken)
    {
        while (!_partEnded)
        {
            if (!_scanned)
            {
                Scan();
            }

            if (_dataAhead > 0)
            {
                return _dataAhead;
            }

            if (_delimiterAhead)
            {
                Consume(Delimiter.Length);
                var rest = (await ReadLineAsync(DelimiterLineLimit, cancellationToken)).Trim();
                _lastBoundarySeen = rest == "--";
                _beforeFirstBoundary = false;
                _partEnded = true;
                return 0;
            }

            if (_bodyComplete)
            {
                throw Malformed(_beforeFirstBoundary
                    ? "the boundary never appears."
                    : "the body ends inside a part, without its closing boundary.");
            }

            await FillAsync(cancellationToken);
        }

        return 0;
    }

    private void Scan()
    {
        var delimiter = Delimiter;
        var at = IndexOf(_buffer, delimiter);
        _delimiterAhead = at >= 0;
        _dataAhead = at >= 0 ? at : Math.Max(0, _buffer.Length - (delimiter.Length - 1));
        _scanned = true;
    }

    private async ValueTask SkipRestOfPartAsync(CancellationToken cancellationToken)
    {
        var preamble = _beforeFirstBoundary;
        long skipped = 0;
        long ahead;
        while ((ahead = await DataAheadAsync(cancellationToken)) > 0)
        {
            skipped += ahead;
            if (preamble && skipped > HeadersLengthLimit)
            {
                throw Malformed($"more than {HeadersLengthLimit} bytes before the first boundary.");
            }

            ConsumeData(ahead);
        }
    }

    private async ValueTask DropEpilogueAsync(CancellationToken cancellationToken)
    {
        long dropped = 0;
        while (true)
        {
            dropped += _buffer.Length;
            Consume(_buffer.Length);
            if (dropped > HeadersLengthLimit)
            {
                throw Malformed($"more than {HeadersLengthLimit} bytes after the last boundary.");
            }

            if (_bodyComplete)
            {
                return;
            }

            await FillAsync(cancellationToken);
        }
    }

    /// <summary>Header lines up to an empty one, with MultipartReader's limits (count of distinct names, total length).</summary>
    private async ValueTask<MultipartPartHeaders> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var total = 0;
        var line = await ReadLineAsync(HeadersLengthLimit - total, cancellationToken);
        while (line.Length > 0)
        {
            if (HeadersLengthLimit - total < line.Length)
            {
                throw Malformed($"part headers longer than {HeadersLengthLimit} characters.");
            }

            total += line.Length;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Malformed($"invalid header line: {line}");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? StringValues.Concat(earlier, value) : new StringValues(value);
            if (headers.Count > HeadersCountLimit)
            {
                throw Malformed($"a part with more than {HeadersCountLimit} headers.");
            }

            line = await ReadLineAsync(HeadersLengthLimit - total, cancellationToken);
        }

        return new MultipartPartHeaders(headers);
    }

    /// <summary>
    /// A line up to CRLF (dropped), decoded as UTF-8; at the body's end, what is left. Like MultipartReader, a line may
    /// take <paramref name="limit"/> bytes and the first byte of its CRLF before it is refused.
    /// </summary>
    private async ValueTask<string> ReadLineAsync(int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var reader = new SequenceReader<byte>(_buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> line, LineEnd))
            {
                if (line.Length + LineEnd.Length > limit + 1)
                {
                    throw Malformed($"a line longer than {limit} bytes.");
                }

                var text = Encoding.UTF8.GetString(line);
                Consume(line.Length + LineEnd.Length);
                return text;
            }

            if (_buffer.Length > limit)
            {
                throw Malformed($"a line longer than {limit} bytes.");
            }

            if (_bodyComplete)
            {
                var text = Encoding.UTF8.GetString(_buffer);
                Consume(_buffer.Length);
                return text;
            }

            await FillAsync(cancellationToken);
        }
    }

    private void ConsumeData(long count)
    {
        _buffer = _buffer.Slice(count);
        _consumed += count;
        _dataAhead -= count;
    }

    private void Consume(long count)
    {
        _buffer = _buffer.Slice(count);
        _consumed += count;
        _scanned = false;
    }

    /// <summary>
    /// Asks the pipe for more than it holds: everything held so far has been examined, so what is left unparsed is
    /// carried over and all of it is handed back as consumed.
    /// </summary>
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var carried = CarryOver();
        if (_holding)
        {
            _holding = false;
            _body.AdvanceTo(_lent.End);
        }

        _lent = default;
        _buffer = new ReadOnlySequence<byte>(_carry, 0, carried);

        ReadResult result;
        try
        {
            result = await _body.ReadAsync(cancellationToken);
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException))
        {
            // As with MultipartReader: a plain IOException of the body (the idle timeout's) ends it as malformed;
            // Kestrel's own errors and a reset connection are subclasses and pass unchanged.
            throw Malformed(ex.Message);
        }

        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The read of the request body was cancelled.");
        }

        _lent = result.Buffer;
        _buffer = carried == 0 ? _lent : CarriedSegment.Join(_carry.AsMemory(0, carried), _lent);
        _holding = true;
        _bodyComplete = result.IsCompleted;
        _scanned = false;
    }

    /// <summary>Copies the unparsed bytes to the start of <see cref="_carry"/> (they may already lie further into it).</summary>
    private int CarryOver()
    {
        var length = (int)_buffer.Length;
        if (length > _carry.Length)
        {
            var larger = new byte[Math.Max(length, 2 * _carry.Length)];
            _buffer.CopyTo(larger);
            _carry = larger;
        }
        else
        {
            // The part of _buffer inside _carry is its first segment; Span.CopyTo moves an overlapping range safely.
            _buffer.CopyTo(_carry);
        }

        return length;
    }

    /// <summary>The carried bytes followed by the pipe's segments, as one sequence.</summary>
    private sealed class CarriedSegment : ReadOnlySequenceSegment<byte>
    {
        private CarriedSegment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Join(ReadOnlyMemory<byte> carried, in ReadOnlySequence<byte> lent)
        {
            var first = new CarriedSegment(carried, 0);
            var last = first;
            foreach (var memory in lent)
            {
                if (!memory.IsEmpty)
                {
                    var next = new CarriedSegment(memory, last.RunningIndex + last.Memory.Length);
                    last.Next = next;
                    last = next;
                }
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
