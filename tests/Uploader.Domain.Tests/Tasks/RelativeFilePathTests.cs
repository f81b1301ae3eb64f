using Uploader.Domain.Errors;
using Uploader.Domain.Tasks;

namespace Uploader.Domain.Tests;

public class RelativeFilePathTests
{
    public static TheoryData<string> TooLong => new()
    {
        string.Join('/', Enumerable.Repeat(new string('a', 200), 6)),
        new string('a', RelativeFilePath.MaxSegmentLength + 1),
        "dir/" + new string('b', RelativeFilePath.MaxSegmentLength + 1) + ".txt",
    };

    [Theory]
    [InlineData("a/b/c.txt")]
    [InlineData("report.pdf")]
    [InlineData("données/été.txt")]
    [InlineData("日本語/ファイル.txt")]
    [InlineData("a b/c d.txt")]
    [InlineData("a/.hidden")]
    [InlineData("..foo")]
    [InlineData("CONSOLE.txt")]
    [InlineData("com10")]
    public void A_safe_relative_path_is_kept_as_given(string value)
    {
        var path = RelativeFilePath.Parse(value);

        Assert.Equal(value, path.Value);
        Assert.Equal(value, path.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("../x")]
    [InlineData("a/../b")]
    [InlineData("a/..")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("C:\\x")]
    [InlineData("c:x")]
    [InlineData("C:/x")]
    [InlineData("a/b:c")]
    [InlineData("a\\b")]
    [InlineData("..\\x")]
    public void A_path_that_could_leave_the_merged_folder_is_refused(string value)
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));

        Assert.Equal(PathField.RelativePath, error.Field);
    }

    [Theory]
    [InlineData("c:x")]
    [InlineData("C:/x")]
    [InlineData("C:")]
    public void A_drive_rooted_path_is_refused_as_such(string value)
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));

        Assert.Contains("drive letter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\0b")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u200Bb")]
    [InlineData("a\u202Eb.txt")]
    [InlineData("a\u2028b")]
    public void Control_and_invisible_characters_are_refused(string value)
    {
        Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));
    }

    [Theory]
    [InlineData("a\u2215b")]
    [InlineData("a\u2044b")]
    [InlineData("a\uFF0Fb")]
    [InlineData("a\u29F8b")]
    [InlineData("a\u2571b")]
    public void Slash_look_alikes_are_refused(string value)
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));

        Assert.Contains(value[1..2], error.Message, StringComparison.Ordinal);
    }

    // Built at run time: a lone surrogate does not survive being stored in an attribute.
    [Theory]
    [InlineData("a", 0xD800, ".txt")]
    [InlineData("a", 0xDC00, ".txt")]
    [InlineData("", 0xDC00, "")]
    [InlineData("name", 0xD83D, "")]
    public void Unpaired_surrogates_are_refused(string before, int surrogate, string after)
    {
        var value = before + (char)surrogate + after;

        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));

        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_character_outside_the_basic_plane_is_accepted()
    {
        Assert.Equal("photos/\U0001F600.jpg", RelativeFilePath.Parse("photos/\U0001F600.jpg").Value);
    }

    [Theory]
    [InlineData("CON")]
    [InlineData("con")]
    [InlineData("nul.txt")]
    [InlineData("LPT1")]
    [InlineData("COM9.log")]
    [InlineData("a/aux/b.txt")]
    [InlineData("PRN.tar.gz")]
    [InlineData("CON .txt")]
    [InlineData("CONIN$")]
    [InlineData("conout$.txt")]
    [InlineData("COM0")]
    [InlineData("LPT0.txt")]
    [InlineData("COM\u00B9")]
    [InlineData("lpt\u00B3.log")]
    public void Reserved_device_names_are_refused_in_any_segment(string value)
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));

        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file.")]
    [InlineData("file ")]
    [InlineData("dir./file.txt")]
    [InlineData("dir /file.txt")]
    [InlineData(" ")]
    public void A_segment_ending_with_a_dot_or_space_is_refused(string value)
    {
        Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));
    }

    [Theory]
    [MemberData(nameof(TooLong))]
    public void An_over_long_path_or_segment_is_refused(string value)
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));

        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(128, "")]
    [InlineData(127, "ab")]
    [InlineData(126, ".txt")]
    public void A_segment_over_255_utf8_bytes_is_refused_though_it_has_fewer_characters(int accents, string tail)
    {
        var value = "dir/" + new string('\u00E9', accents) + tail;

        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));

        Assert.Contains("255 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_of_exactly_255_utf8_bytes_is_accepted()
    {
        var value = new string('\u00E9', 127) + "a";

        Assert.Equal(value, RelativeFilePath.Parse(value).Value);
    }

    [Theory]
    [InlineData(".uploader-1.merging")]
    [InlineData("a/.uploader-1.merging")]
    [InlineData(".UPLOADER-health-x.probe")]
    [InlineData("dir/.Uploader-/x.txt")]
    [InlineData(".uploader-")]
    public void A_segment_with_the_servers_own_prefix_is_refused(string value)
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(value));

        Assert.Contains(RelativeFilePath.ReservedPrefix, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".uploader")]
    [InlineData("a.uploader-x")]
    [InlineData("uploader-x")]
    public void A_name_that_only_resembles_the_reserved_prefix_is_accepted(string value)
    {
        Assert.Equal(value, RelativeFilePath.Parse(value).Value);
    }

    [Fact]
    public void A_segment_at_the_limit_is_accepted()
    {
        var value = "dir/" + new string('s', RelativeFilePath.MaxSegmentLength);

        Assert.Equal(value, RelativeFilePath.Parse(value).Value);
    }

    [Fact]
    public void A_path_at_the_limit_is_accepted()
    {
        var value = string.Join('/', Enumerable.Repeat(new string('s', 254), 4)) + "/last";

        Assert.Equal(value, RelativeFilePath.Parse(value).Value);
    }

    [Fact]
    public void A_null_path_is_refused_as_empty()
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse(null));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_names_the_field_it_was_parsed_for()
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.Parse("../x", PathField.MergedFilePath));

        Assert.Equal(PathField.MergedFilePath, error.Field);
    }

    [Theory]
    [InlineData("a/b/c.txt", "c.txt", ".txt")]
    [InlineData("report.PDF", "report.PDF", ".pdf")]
    [InlineData("backup/archive.tar.gz", "archive.tar.gz", ".gz")]
    [InlineData("a/.bashrc", ".bashrc", "")]
    [InlineData("README", "README", "")]
    [InlineData("données/été.TXT", "été.TXT", ".txt")]
    public void FileName_is_the_last_segment_and_Extension_its_lower_case_suffix(string value, string fileName, string extension)
    {
        var path = RelativeFilePath.Parse(value);

        Assert.Equal(fileName, path.FileName);
        Assert.Equal(extension, path.Extension);
    }

    [Fact]
    public void Paths_with_the_same_value_are_equal()
    {
        Assert.Equal(RelativeFilePath.Parse("a/b.txt"), RelativeFilePath.Parse("a/b.txt"));
        Assert.NotEqual(RelativeFilePath.Parse("a/b.txt"), RelativeFilePath.Parse("a/B.txt"));
    }

    [Fact]
    public void ParseFileName_accepts_a_bare_file_name()
    {
        Assert.Equal("report.pdf", RelativeFilePath.ParseFileName("report.pdf").FileName);
    }

    [Theory]
    [InlineData("a/b.txt")]
    [InlineData("/b.txt")]
    [InlineData("b.txt/")]
    public void ParseFileName_refuses_a_slash(string value)
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.ParseFileName(value));

        Assert.Equal(PathField.FileName, error.Field);
        Assert.Contains("'/'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("NUL")]
    [InlineData("a\\b")]
    public void ParseFileName_applies_the_path_rules_too(string? value)
    {
        var error = Assert.Throws<InvalidPath>(() => RelativeFilePath.ParseFileName(value, PathField.PartFileName));

        Assert.Equal(PathField.PartFileName, error.Field);
    }
}
