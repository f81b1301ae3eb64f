using System.Net;
using Uploader.Api.Configuration;

namespace Uploader.Api.Tests;

/// <summary>
/// The key a server starts with: from secret_key or secret.key, at least 16 bytes and not blank; a generated
/// key file is written whole or not at all. A presented key is "no key" when only HTTP whitespace.
/// </summary>
public sealed class SecretKeyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\v")]
    [InlineData("\f")]
    [InlineData("\u00a0")]
    [InlineData("\u3000")]
    [InlineData("0123456789abcde")]
    [InlineData("0123456789abcdef\n\n")]
    [InlineData("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")]
    [InlineData("\u3000\u3000\u3000\u3000\u3000\u3000")]
    public async Task Key_file_that_is_blank_short_or_holds_control_characters_stops_the_start(string content)
    {
        var path = ConfigWithKeyFile(content);

        var error = await Assert.ThrowsAsync<SettingsException>(() => UploaderHost.BuildAsync(["--config", path]));

        Assert.Equal("secret_key", error.Key);
        Assert.Contains("secret.key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcde")]
    [InlineData("                ")]
    [InlineData("0123456789abcdef\u001b")]
    [InlineData(" 0123456789abcdef")]
    public async Task Secret_key_that_is_short_blank_or_holds_control_characters_stops_the_start(string key)
    {
        var path = TestConfig.WriteInto(_folder, config => config["secret_key"] = key);

        var error = await Assert.ThrowsAsync<SettingsException>(() => UploaderHost.BuildAsync(["--config", path]));

        Assert.Equal("secret_key", error.Key);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_process_with_an_empty_key_file_exits_2_naming_the_file()
    {
        var path = ConfigWithKeyFile(string.Empty);
        using var server = ServerProcess.Start(path);

        var exitCode = 0;
        await server.ExplainFailuresAsync(async () => exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        Assert.True(exitCode == 2, server.Explain());
        Assert.Contains("secret.key", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task One_line_end_after_the_key_in_the_file_is_not_part_of_the_key(string lineEnd)
    {
        const string key = "operator-written-key-0123456789";
        await using var server = UploaderFactory.With(config => config["secret_key"] = string.Empty);
        Directory.CreateDirectory(server.DataDir);
        await File.WriteAllTextAsync(Path.Combine(server.DataDir, "secret.key"), key + lineEnd);
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Secret-Key", key);

        await new UploaderApi(client).StatusAsync("no-such-task").ExpectProblemAsync(404, "task_not_found");
    }

    [Fact]
    public async Task Generated_key_file_is_the_only_new_file_private_and_in_a_private_folder()
    {
        await using var server = UploaderFactory.With(config => config["secret_key"] = string.Empty);
        using var client = server.CreateClient();
        await client.GetAsync(new Uri("go-uploader/health/live", UriKind.Relative)).ExpectOkAsync();

        var keyFile = Path.Combine(server.DataDir, "secret.key");
        var notDatabase = Directory.GetFiles(server.DataDir)
            .Select(Path.GetFileName)
            .Where(name => !name!.StartsWith("uploader.db", StringComparison.Ordinal));
        Assert.Equal(["secret.key"], notDatabase);
        Assert.Equal(43, (await File.ReadAllTextAsync(keyFile)).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal(
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
                File.GetUnixFileMode(server.DataDir));
        }
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("Bearer \t ")]
    [InlineData("bearer  ")]
    public async Task Bearer_of_only_http_whitespace_is_no_key_and_never_counts_as_a_wrong_one(string authorization)
    {
        await using var server = new UploaderFactory();
        for (var i = 0; i < 12; i++)
        {
            using var client = server.CreateClient();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
            var problem = await client.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");
            Assert.Contains("Send the API key", problem.Str("detail"), StringComparison.Ordinal);
        }

        using var api = server.CreateApi();
        await api.StatusAsync("no-such-task").ExpectProblemAsync(404, "task_not_found");
    }

    [Theory]
    [InlineData("\v")]
    [InlineData("\f")]
    [InlineData("\u00a0")]
    [InlineData("\u3000")]
    public async Task Bearer_of_other_whitespace_is_a_wrong_key_not_trimmed_away(string token)
    {
        await using var server = new UploaderFactory();
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        var problem = await client.GetAsync(new Uri("go-uploader/tasks", UriKind.Relative)).ExpectProblemAsync(401, "unauthorized");

        Assert.Equal("The API key is wrong.", problem.Str("detail"));
    }

    [Fact]
    public async Task Bearer_key_with_spaces_and_tabs_around_it_is_accepted()
    {
        await using var server = new UploaderFactory();
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer \t{UploaderFactory.SecretKey} \t");

        await new UploaderApi(client).StatusAsync("no-such-task").ExpectProblemAsync(404, "task_not_found");
    }

    private string ConfigWithKeyFile(string content)
    {
        var path = TestConfig.WriteInto(_folder, config => config["secret_key"] = string.Empty);
        Directory.CreateDirectory(_folder.Combine("data"));
        File.WriteAllText(_folder.Combine("data", "secret.key"), content);
        return path;
    }
}
