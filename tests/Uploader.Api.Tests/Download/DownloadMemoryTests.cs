using System.Data.Common;

namespace Uploader.Api.Tests;

/// <summary>
/// Streaming a merged file keeps the server's memory flat: a 1 GiB download grows its resident memory by far less
/// than the file (the bound is generous; a server that buffered the file would pass it by a gigabyte). The RSS is read
/// at fixed points of the download (every 64 MiB received), so the figure depends on bytes, not on time.
/// </summary>
[Collection(ServerProcessGroup.Name)]
public sealed class DownloadMemoryTests
{
    private const long FileSize = 1024L * 1024 * 1024;
    private const long AllowedGrowthKiB = 64 * 1024;
    private const int SampleEvery = 64 * 1024 * 1024;

    [Fact]
    public async Task Streaming_a_1_GiB_file_grows_the_servers_memory_by_less_than_64_MiB()
    {
        using var server = await ProcessServer.StartAsync();
        await server.ExplainFailuresAsync(async () =>
        {
            using var api = server.Api(TimeSpan.FromMinutes(5));
            var file = SourceFile.Random(1000, 1000);
            await api.UploadAllAsync(file);
            var merged = (await api.MergeOkAsync(file)).Str("file_path")!;
            await GrowMergedFileAsync(server.Folder, file.FileId, Path.Combine(server.Folder.Combine("merged"), merged));

            // Measured from before the first download, so the bound also covers compiling the download path: a
            // warm-up download would leave a buffering server's copy behind, for the GC to reuse unseen.
            var before = server.Process.ResidentKiB();
            var peak = before;
            var received = await ReadAsync(api, file.FileId, _ => peak = Math.Max(peak, server.Process.ResidentKiB()));

            Assert.Equal(FileSize, received);
            Assert.True(before > 0, "no /proc figure for the server");
            Assert.True(peak - before < AllowedGrowthKiB, $"RSS grew from {before} KiB to {peak} KiB while streaming {FileSize} bytes");
        });
    }

    /// <summary>
    /// Extends the merged file to <see cref="FileSize"/> (sparse: the rest reads as zeros) and records that size on the
    /// task without an identity, as for a task merged before identities were recorded: the size alone then decides.
    /// </summary>
    private static async Task GrowMergedFileAsync(TempFolder folder, string fileId, string mergedPath)
    {
        using (var handle = File.OpenHandle(mergedPath, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(handle, FileSize);
        }

        await using var db = new TaskStoreSetting(folder.Combine("config.json")).Open();
        await using var update = db.CreateCommand();
        update.CommandText = "UPDATE upload_tasks SET file_size = @size, merged_file_identity = NULL WHERE file_id = @id";
        AddParameter(update, "@size", FileSize);
        AddParameter(update, "@id", fileId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Downloads the file, dropping the bytes; calls <paramref name="sample"/> every 64 MiB.</summary>
    private static async Task<long> ReadAsync(UploaderApi api, string fileId, Action<long> sample)
    {
        using var response = await api.Http.GetAsync(
            new Uri($"go-uploader/files/{Uri.EscapeDataString(fileId)}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            // Only a refusal's body is read: a message built up front would buffer the whole 1 GiB in the test host.
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1024 * 1024];
        long received = 0;
        long nextSample = SampleEvery;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            received += read;
            if (received >= nextSample)
            {
                sample(received);
                nextSample += SampleEvery;
            }
        }

        return received;
    }
}
