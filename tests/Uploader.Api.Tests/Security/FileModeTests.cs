using System.Runtime.Versioning;

namespace Uploader.Api.Tests;

/// <summary>
/// What the server creates under umask 0, where the umask narrows nothing: its folders 0750, the database and
/// SQLite's side files 0600 (with PostgreSQL there is no database file, and no data folder while the key is configured);
/// a folder the operator made keeps its mode.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    private const UnixFileMode FolderMode = (UnixFileMode)0b111_101_000;
    private const UnixFileMode DatabaseMode = (UnixFileMode)0b110_000_000;
    private const UnixFileMode OperatorMode = (UnixFileMode)0b111_111_111;

    private static readonly string[] CreatedFolders = TestStore.IsPostgres
        ? ["upload", "upload/.staging", "merged/sub", "merged/sub/dir"]
        : ["upload", "upload/.staging", "merged/sub", "merged/sub/dir", "data"];

    [Fact]
    public async Task Under_umask_0_folders_are_0750_and_the_database_0600_and_an_existing_folder_keeps_its_mode()
    {
        using var server = await ProcessServer.StartAsync(umask: "000", prepare: f =>
        {
            var operatorMade = f.Combine("merged");
            Directory.CreateDirectory(operatorMade);
            File.SetUnixFileMode(operatorMade, OperatorMode);
            return null;
        });
        var folder = server.Folder;
        var merged = folder.Combine("merged");
        using var api = server.Api(TimeSpan.FromSeconds(30));

        await server.ExplainFailuresAsync(async () =>
        {
            var file = SourceFile.Random(30, 10);
            await Task.WhenAll(file.Indexes.Select(i => api.UploadAsync(file.Request(i) with { RelativePath = "sub/dir/f.bin" }).ExpectOkAsync()));
            var taskFolder = Assert.Single(Directory.GetDirectories(folder.Combine("upload")), d => !d.EndsWith(".staging", StringComparison.Ordinal));
            AssertMode(FolderMode, taskFolder);
            await api.MergeOkAsync(file);

            foreach (var created in CreatedFolders)
            {
                AssertMode(FolderMode, folder.Combine(created));
            }

            AssertMode(OperatorMode, merged);
            if (TestStore.IsPostgres)
            {
                Assert.False(Directory.Exists(folder.Combine("data")));
                return;
            }

            var database = folder.Combine("data", "uploader.db");
            AssertMode(DatabaseMode, database);
            var sideFiles = Directory.GetFiles(folder.Combine("data"), "uploader.db-*");
            Assert.Contains(database + "-wal", sideFiles);
            Assert.All(sideFiles, side => AssertMode(DatabaseMode, side));
        });
    }

    [Theory]
    [InlineData("000", 0b110_100_100)]
    [InlineData("027", 0b110_100_000)]
    public async Task A_task_of_one_chunk_published_as_its_chunk_has_the_mode_a_created_merged_file_has(string umask, int expected)
    {
        using var server = await ProcessServer.StartAsync(umask: umask);
        using var api = server.Api(TimeSpan.FromSeconds(30));

        await server.ExplainFailuresAsync(async () =>
        {
            var file = SourceFile.Random(5000, 5000);
            await api.UploadAllAsync(file);
            await api.MergeOkAsync(file);

            AssertMode((UnixFileMode)expected, server.Folder.Combine("merged", file.Name));
        });
    }

    private static void AssertMode(UnixFileMode expected, string path) =>
        Assert.True(File.GetUnixFileMode(path) == expected, $"{path} is {File.GetUnixFileMode(path)}, expected {expected}");
}
