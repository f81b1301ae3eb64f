namespace Uploader.Api.Tests;

/// <summary>
/// The server writes only into its configured folders: ASP.NET's data protection, pulled in by authentication,
/// would otherwise create a key ring under $HOME/.aspnet at every start.
/// </summary>
public sealed class HomeFolderTests
{
    [Fact]
    public async Task A_start_and_an_upload_leave_the_home_folder_empty_and_log_no_key_ring_warning()
    {
        using var folder = new TempFolder();
        var home = folder.Combine("home");
        Directory.CreateDirectory(home);
        var port = ServerProcess.FreePort();
        var config = TestConfig.WriteInto(folder, c =>
        {
            c["port"] = port;
            c["listen_address"] = "127.0.0.1";
        });
        using var server = ServerProcess.Start(config, environment: new Dictionary<string, string> { ["HOME"] = home });
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var api = UploaderApi.ForProcess(baseAddress, TimeSpan.FromSeconds(30));

        await server.ExplainFailuresAsync(async () =>
        {
            await server.WaitUntilLiveAsync(baseAddress, TimeSpan.FromSeconds(30));
            var file = SourceFile.Random(10, 10);
            await api.UploadAsync(file.Request(0)).ExpectOkAsync();
            await api.MergeOkAsync(file);

            Assert.Empty(Directory.GetFileSystemEntries(home, "*", SearchOption.AllDirectories));
            Assert.DoesNotContain("XML encryptor", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("DataProtection-Keys", server.Output, StringComparison.Ordinal);
        });
    }
}
