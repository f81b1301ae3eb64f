using System.Buffers;
using System.IO.Pipelines;

namespace Uploader.Api.Tests;

/// <summary>
/// A request body that arrives in the pieces a test chooses, each read handing out what has arrived so far in
/// segments of a chosen size: the shapes a socket and Kestrel's 4 KiB blocks produce, made exact.
/// </summary>
internal sealed class ScriptedBody(byte[] body, IReadOnlyList<int> arrivals, int segmentSize) : PipeReader
{
    private int _arrival;
    private int _available;
    private int _consumed;
    private bool _examinedAll = true;
    private ReadOnlySequence<byte> _handedOut;

    /// <summary>Reads the parser asked for: one per arrival, and more only when it wanted more than arrived.</summary>
    public int Reads { get; private set; }

    /// <summary>AdvanceTo calls that examined past what they consumed (a read Kestrel can then not undo).</summary>
    public int AdvancesShortOfExamined { get; private set; }

    public static ScriptedBody SplitAt(byte[] body, int offset, int segmentSize = 4096) => new(body, [offset, body.Length], segmentSize);

    public static ScriptedBody Whole(byte[] body, int segmentSize = 4096) => new(body, [body.Length], segmentSize);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        Reads++;
        if (_examinedAll && _arrival < arrivals.Count)
        {
            _available = Math.Max(_available, arrivals[_arrival++]);
        }

        _handedOut = Segments(body.AsMemory(_consumed, _available - _consumed), segmentSize);
        _examinedAll = false;
        return ValueTask.FromResult(new ReadResult(_handedOut, isCanceled: false, isCompleted: _available == body.Length));
    }

    public override bool TryRead(out ReadResult result) => throw new NotSupportedException();

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (!consumed.Equals(examined))
        {
            AdvancesShortOfExamined++;
        }

        _consumed += (int)_handedOut.Slice(_handedOut.Start, consumed).Length;
        _examinedAll = _handedOut.Slice(examined).IsEmpty;
    }

    public override void CancelPendingRead() => throw new NotSupportedException();

    public override void Complete(Exception? exception = null)
    {
    }

    private static ReadOnlySequence<byte> Segments(ReadOnlyMemory<byte> bytes, int size)
    {
        if (bytes.Length <= size)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes[..size], 0);
        var last = first;
        for (var offset = size; offset < bytes.Length; offset += size)
        {
            last = last.Append(bytes[offset..Math.Min(offset + size, bytes.Length)]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
