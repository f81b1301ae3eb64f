using System.Text;
using Uploader.Api.Problems;
using Uploader.Api.Uploads;

namespace Uploader.Api.Tests;

/// <summary>
/// The upload_chunk body parser on bodies that arrive in exact pieces (<see cref="ScriptedBody"/>): a delimiter split
/// at every offset, across reads and across segments, bytes that look like a boundary inside the data, preamble and
/// epilogue, bodies that end too early, bare LF line ends and the header limits it shares with MultipartReader.
/// </summary>
public sealed class MultipartBodyParserTests
{
    private const string Boundary = "xYzZY-boundary";

    [Fact]
    public async Task Fields_and_a_file_part_come_out_whole_in_order()
    {
        var data = Bytes(10_000);
        var body = Body(Field("file_id", "abc"), FilePart("chunk", "a.bin", data), Field("chunk_index", "3"));

        var parts = await ParseAsync(ScriptedBody.Whole(body));

        Assert.Equal(["file_id", "chunk", "chunk_index"], parts.Select(p => p.Name));
        Assert.Equal("abc", Encoding.UTF8.GetString(parts[0].Data));
        Assert.Equal(data, parts[1].Data);
        Assert.Equal("3", Encoding.UTF8.GetString(parts[2].Data));
    }

    [Fact]
    public async Task A_body_split_into_two_reads_at_every_offset_parses_the_same()
    {
        var data = Bytes(300);
        var body = Body(Field("file_id", "abc"), FilePart("chunk", "a.bin", data));
        var whole = await ParseAsync(ScriptedBody.Whole(body));

        for (var offset = 1; offset < body.Length; offset++)
        {
            var split = await ParseAsync(ScriptedBody.SplitAt(body, offset));

            Assert.Equal(whole.Select(p => p.Name), split.Select(p => p.Name));
            Assert.Equal(data, split[1].Data);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(17)]
    [InlineData(4096)]
    public async Task Delimiters_across_segment_joins_are_found_at_every_offset(int segmentSize)
    {
        var data = Bytes(200);
        var body = Body(FilePart("chunk", "a.bin", data), Field("md5", "0123"));

        for (var offset = 1; offset < body.Length; offset += 3)
        {
            var parts = await ParseAsync(ScriptedBody.SplitAt(body, offset, segmentSize));

            Assert.Equal(["chunk", "md5"], parts.Select(p => p.Name));
            Assert.Equal(data, parts[0].Data);
            Assert.Equal("0123", Encoding.UTF8.GetString(parts[1].Data));
        }
    }

    [Theory]
    [InlineData("\r\n--xYzZY-boundar")]
    [InlineData("--xYzZY-boundary")]
    [InlineData("\n--xYzZY-boundary")]
    [InlineData("\r\n-xYzZY-boundary")]
    [InlineData("\r\n--xYzZY-boundarX")]
    [InlineData("\r\r\n--xYzZY-boundar\r\n--xYzZY")]
    public async Task Bytes_that_look_like_a_boundary_inside_the_data_stay_data(string lookalike)
    {
        var data = Encoding.ASCII.GetBytes("before" + lookalike + "after" + lookalike);
        var body = Body(FilePart("chunk", "a.bin", data));

        for (var offset = 1; offset < body.Length; offset++)
        {
            var parts = await ParseAsync(ScriptedBody.SplitAt(body, offset, segmentSize: 7));

            Assert.Equal(data, Assert.Single(parts).Data);
        }
    }

    [Fact]
    public async Task Preamble_and_epilogue_are_dropped()
    {
        var body = Concat(Concat("This is the preamble.\r\n", Body(Field("file_id", "abc"))), "\r\nAnd this the epilogue.\r\n");

        var part = Assert.Single(await ParseAsync(ScriptedBody.SplitAt(body, 10)));

        Assert.Equal("abc", Encoding.UTF8.GetString(part.Data));
    }

    [Fact]
    public async Task A_preamble_over_16_KiB_is_malformed()
    {
        var within = Concat(new string('p', MultipartBodyParser.HeadersLengthLimit - 2) + "\r\n", Body(Field("a", "b")));
        var over = Concat(new string('p', MultipartBodyParser.HeadersLengthLimit + 1) + "\r\n", Body(Field("a", "b")));

        Assert.Single(await ParseAsync(ScriptedBody.Whole(within)));
        await AssertMalformedAsync(over, "before the first boundary");
    }

    [Fact]
    public async Task An_epilogue_over_16_KiB_is_malformed()
    {
        var over = Concat(Body(Field("a", "b")), new string('e', MultipartBodyParser.HeadersLengthLimit + 1));

        await AssertMalformedAsync(over, "after the last boundary");
    }

    [Fact]
    public async Task The_last_delimiter_may_end_the_body_without_its_line_end_and_carry_whitespace()
    {
        var bare = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--{Boundary}--");
        var spaced = Encoding.ASCII.GetBytes($"--{Boundary} \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n--{Boundary}-- \r\n");

        Assert.Equal("value", Encoding.UTF8.GetString(Assert.Single(await ParseAsync(ScriptedBody.Whole(bare))).Data));
        Assert.Equal("value", Encoding.UTF8.GetString(Assert.Single(await ParseAsync(ScriptedBody.Whole(spaced))).Data));
    }

    [Theory]
    [InlineData("--xYzZY-boundary\r\nContent-Disposition: form-data; name=\"chunk\"\r\n\r\n0123456789")]
    [InlineData("--xYzZY-boundary\r\nContent-Disposition: form-data; name=\"chunk\"\r\n\r\n0123456789\r\n")]
    [InlineData("--xYzZY-boundary\r\nContent-Disposition: form-data; name=\"chunk\"\r\n\r\n0123456789\r\n--xYzZY-bou")]
    [InlineData("--xYzZY-boundary\r\nContent-Disposition: form-data; name=\"chunk\"")]
    [InlineData("just some bytes, no boundary at all")]
    [InlineData("")]
    public async Task A_body_that_ends_before_its_closing_boundary_is_malformed(string body)
    {
        await AssertMalformedAsync(Encoding.ASCII.GetBytes(body), "malformed");
    }

    [Fact]
    public async Task A_delimiter_that_is_not_the_last_and_ends_the_body_leaves_a_part_without_headers()
    {
        var body = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--{Boundary}\r\n");
        var parser = new MultipartBodyParser(ScriptedBody.Whole(body), Boundary);

        Assert.NotNull(await parser.NextPartAsync(CancellationToken.None));
        var empty = await parser.NextPartAsync(CancellationToken.None);

        Assert.Null(Assert.IsType<MultipartPartHeaders>(empty).ContentDisposition);
        await Assert.ThrowsAsync<MalformedRequestException>(async () => await parser.ReadPartAsync(new byte[16], CancellationToken.None));
    }

    [Fact]
    public async Task Bare_LF_line_ends_are_not_line_ends()
    {
        // Inside CRLF framing, a bare LF stays in its header line: one header, whose value runs on past it.
        var inHeaders = Encoding.ASCII.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\nX-Other: 1\r\n\r\nv\r\n--{Boundary}--\r\n");
        var parser = new MultipartBodyParser(ScriptedBody.Whole(inHeaders), Boundary);
        var headers = await parser.NextPartAsync(CancellationToken.None);
        Assert.Equal("form-data; name=\"a\"\nX-Other: 1", headers?.ContentDisposition);

        // LF-only framing never finds a line end: short, the delimiter's line takes the whole body and no part has
        // headers; long, that line is over its 100 bytes.
        var shortLf = Encoding.ASCII.GetBytes($"--{Boundary}\nContent-Disposition: form-data; name=\"a\"\n\nv\n--{Boundary}--\n");
        var lfOnly = new MultipartBodyParser(ScriptedBody.Whole(shortLf), Boundary);
        Assert.Null((await lfOnly.NextPartAsync(CancellationToken.None))?.ContentDisposition);
        await Assert.ThrowsAsync<MalformedRequestException>(async () => await lfOnly.ReadPartAsync(new byte[16], CancellationToken.None));

        var longLf = Encoding.ASCII.GetBytes($"--{Boundary}\nContent-Disposition: form-data; name=\"{new string('a', 100)}\"\n\nv\n--{Boundary}--\n");
        await AssertMalformedAsync(longLf, "longer than 100 bytes");
    }

    [Fact]
    public async Task A_delimiter_line_over_100_bytes_is_malformed()
    {
        var body = Encoding.ASCII.GetBytes($"--{Boundary}{new string(' ', 101)}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--{Boundary}--\r\n");

        await AssertMalformedAsync(body, "longer than 100 bytes");
    }

    [Fact]
    public async Task Sixteen_header_names_pass_and_a_seventeenth_is_malformed()
    {
        static byte[] WithHeaders(int count) => Encoding.ASCII.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n"
            + string.Concat(Enumerable.Range(1, count - 1).Select(i => $"X-Extra-{i}: {i}\r\n"))
            + $"\r\nv\r\n--{Boundary}--\r\n");

        Assert.Single(await ParseAsync(ScriptedBody.Whole(WithHeaders(MultipartBodyParser.HeadersCountLimit))));
        await AssertMalformedAsync(WithHeaders(MultipartBodyParser.HeadersCountLimit + 1), "more than 16 headers");
    }

    [Fact]
    public async Task A_repeated_header_counts_once_and_keeps_both_values()
    {
        var body = Encoding.ASCII.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n"
            + string.Concat(Enumerable.Range(0, 20).Select(_ => "X-Same: 1\r\n"))
            + $"content-disposition: second\r\n\r\nv\r\n--{Boundary}--\r\n");
        var parser = new MultipartBodyParser(ScriptedBody.Whole(body), Boundary);

        var headers = await parser.NextPartAsync(CancellationToken.None);

        Assert.Equal("form-data; name=\"a\",second", headers?.ContentDisposition);
    }

    [Fact]
    public async Task Headers_over_16_KiB_in_all_are_malformed()
    {
        var line = "X-Long: " + new string('h', 6000) + "\r\n";
        var within = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n{line}{line}\r\nv\r\n--{Boundary}--\r\n");
        var over = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n{line}{line}{line}\r\nv\r\n--{Boundary}--\r\n");

        Assert.Single(await ParseAsync(ScriptedBody.SplitAt(within, 5000)));
        await AssertMalformedAsync(over, "longer than");
    }

    [Theory]
    [InlineData("no colon here")]
    [InlineData(": no name")]
    public async Task A_header_line_without_a_name_is_malformed(string line)
    {
        var body = Encoding.ASCII.GetBytes($"--{Boundary}\r\n{line}\r\n\r\nv\r\n--{Boundary}--\r\n");

        await AssertMalformedAsync(body, "invalid header line");
    }

    [Fact]
    public async Task A_part_left_unread_is_skipped_by_the_next()
    {
        var body = Body(FilePart("chunk", "a.bin", Bytes(50_000)), Field("md5", "x"));
        var parser = new MultipartBodyParser(ScriptedBody.SplitAt(body, 20_000, segmentSize: 4096), Boundary);

        Assert.NotNull(await parser.NextPartAsync(CancellationToken.None));
        var next = await parser.NextPartAsync(CancellationToken.None);

        Assert.Contains("name=\"md5\"", next?.ContentDisposition, StringComparison.Ordinal);
        Assert.Null(await parser.NextPartAsync(CancellationToken.None));
        Assert.Equal(body.Length, parser.BytesReceived);
    }

    [Fact]
    public async Task A_large_part_is_handed_out_in_few_reads_of_the_pipe()
    {
        var data = Bytes(1024 * 1024);
        var body = Body(FilePart("chunk", "a.bin", data));
        var pipe = ScriptedBody.Whole(body);

        var part = Assert.Single(await ParseAsync(pipe, readSize: 256 * 1024));

        Assert.Equal(data, part.Data);
        Assert.True(pipe.Reads <= 2, $"{pipe.Reads} reads of the pipe");
    }

    /// <summary>
    /// Kestrel cannot undo a transport read after an AdvanceTo whose examined lies past its consumed: a FIN that then
    /// ends the body early leaves that read open, and the connection fails its next read ("Reading is already in
    /// progress"). Bytes held back for the next read (a possible delimiter start, a partial header line) are carried.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Every_advance_consumes_what_it_examined_at_every_split(int segmentSize)
    {
        var data = Bytes(300);
        var body = Body(Field("file_id", "abc"), FilePart("chunk", "a.bin", data), Field("md5", "0123"));

        for (var offset = 1; offset < body.Length; offset++)
        {
            var pipe = ScriptedBody.SplitAt(body, offset, segmentSize);
            var parts = await ParseAsync(pipe);

            Assert.Equal(0, pipe.AdvancesShortOfExamined);
            Assert.Equal(["file_id", "chunk", "md5"], parts.Select(p => p.Name));
            Assert.Equal(data, parts[1].Data);
            Assert.Equal("0123", Encoding.UTF8.GetString(parts[2].Data));
        }
    }

    private static async Task<List<(string Name, byte[] Data)>> ParseAsync(ScriptedBody body, int readSize = 64)
    {
        var parser = new MultipartBodyParser(body, Boundary);
        var parts = new List<(string, byte[])>();
        var buffer = new byte[readSize];
        while (await parser.NextPartAsync(CancellationToken.None) is { } headers)
        {
            var data = new MemoryStream();
            int read;
            while ((read = await parser.ReadPartAsync(buffer, CancellationToken.None)) > 0)
            {
                data.Write(buffer, 0, read);
            }

            var disposition = headers.ContentDisposition ?? string.Empty;
            var name = disposition.Split("name=\"")[1].Split('"')[0];
            parts.Add((name, data.ToArray()));
        }

        parser.Release();
        return parts;
    }

    private static async Task AssertMalformedAsync(byte[] body, string reason)
    {
        var error = await Assert.ThrowsAsync<MalformedRequestException>(() => ParseAsync(ScriptedBody.Whole(body)));
        Assert.Equal("body", error.Field);
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Field(string name, string value) =>
        Encoding.UTF8.GetBytes($"Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}");

    private static byte[] FilePart(string name, string fileName, byte[] data) =>
        [.. Encoding.UTF8.GetBytes($"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n"), .. data];

    private static byte[] Body(params byte[][] parts)
    {
        var body = new MemoryStream();
        foreach (var part in parts)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{Boundary}\r\n"));
            body.Write(part);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"));
        return body.ToArray();
    }

    private static byte[] Concat(string before, byte[] body) => [.. Encoding.ASCII.GetBytes(before), .. body];

    private static byte[] Concat(byte[] body, string after) => [.. body, .. Encoding.ASCII.GetBytes(after)];
}
