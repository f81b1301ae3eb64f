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
        using var server = await ProcessServer.StartAsync(prepare: f =>
        {
            Directory.CreateDirectory(f.Combine("home"));
            return new Dictionary<string, string> { ["HOME"] = f.Combine("home") };
        });
        var home = server.Folder.Combine("home");
        using var api = server.Api(TimeSpan.FromSeconds(30));

        await server.ExplainFailuresAsync(async () =>
        {
            var file = SourceFile.Random(10, 10);
            await api.UploadAsync(file.Request(0)).ExpectOkAsync();
            await api.MergeOkAsync(file);

            Assert.Empty(Directory.GetFileSystemEntries(home, "*", SearchOption.AllDirectories));
            Assert.DoesNotContain("XML encryptor", server.Process.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("DataProtection-Keys", server.Process.Output, StringComparison.Ordinal);
        });
    }
}
