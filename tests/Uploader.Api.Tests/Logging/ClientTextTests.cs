using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;
using Uploader.Api.Logging;

namespace Uploader.Api.Tests;

/// <summary>The text log's escaping of client text, in properties and in exception messages.</summary>
public sealed class ClientTextTests
{
    [Theory]
    [InlineData("plain name.bin", "plain name.bin")]
    [InlineData("a\r\nb\tc", @"a\r\nb\tc")]
    [InlineData("x\u001b[31my\u0000\u007f", @"x\x1b[31my\x00\x7f")]
    [InlineData("c1\u0085\u009b", @"c1\x85\x9b")]
    [InlineData("sep\u2028\u2029 bidi\u202e\u2066", @"sep\u2028\u2029 bidi\u202e\u2066")]
    [InlineData(@"C:\kept\as is ä 漢字", @"C:\kept\as is ä 漢字")]
    public void Control_and_invisible_characters_are_written_visibly(string text, string expected) =>
        Assert.Equal(expected, ClientText.Escape(text));

    [Fact]
    public void A_text_log_event_with_client_text_in_a_property_and_an_exception_forges_no_line()
    {
        const string forged = "\r\n[20:03:00 WRN] Client 10.9.9.9 sent 10 wrong API keys\u001b[2J";
        var logEvent = new LogEvent(
            DateTimeOffset.UtcNow,
            LogEventLevel.Error,
            new IOException($"Could not write 'x{forged}'"),
            new MessageTemplateParser().Parse("Merge of task {FileId} failed"),
            [new LogEventProperty("FileId", new ScalarValue("id" + forged))]);

        new ClientTextEnricher().Enrich(logEvent, null!);
        using var line = new StringWriter();
        new MessageTemplateTextFormatter(LogOutput.TextTemplate).Format(logEvent, line);

        var lines = line.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith(@"Merge of task id\r\n[20:03:00 WRN] Client 10.9.9.9 sent 10 wrong API keys\x1b[2J failed", lines[0], StringComparison.Ordinal);
        Assert.Equal(@"System.IO.IOException: Could not write 'x\r\n[20:03:00 WRN] Client 10.9.9.9 sent 10 wrong API keys\x1b[2J'", lines[1]);
    }
}
