using System.Globalization;
using Uploader.Client.Tests.Server;

namespace Uploader.Client.Tests;

/// <summary>
/// Uploads through nginx whose proxy_read_timeout is shorter than the merge, as behind a load balancer that cuts
/// requests after 30–60 s while a merge of many GiB takes longer.
/// </summary>
public sealed class ProxiedMergeTests : IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_merge_longer_than_the_proxy_waits_completes_in_the_background_form_with_one_assembly()
    {
        using var server = KestrelUploaderServer.With(new SlowMerges(ReadTimeout * 3).InstallIn);
        using var proxy = await NginxProxy.StartAsync(server.BaseAddress, ReadTimeout);
        var source = SourceFiles.Write(_files.Combine("big.bin"), (3 * ChunkSize) + 99, seed: 41);
        var progress = new SynchronousProgress<UploadProgress>();

        UploadResult result;
        try
        {
            result = await server.NewClient(o => o.BaseAddress = proxy.BaseAddress).UploadFileAsync(
                source, new UploadOptions { ChunkSize = ChunkSize, BackgroundMergeFrom = 0 }, progress);
        }
        catch (UploaderApiException ex)
        {
            Assert.Fail($"{ex.Message}\n{proxy.AccessLog}");
            throw;
        }

        Assert.Equal(SourceFiles.Md5Of(source), result.Md5);
        SourceFiles.AssertSameBytes(source, server.MergedFile(result.FilePath));
        Assert.Equal(1, await SuccessfulMergesAsync(server));
        var merges = MergeLines(proxy);
        Assert.NotEmpty(merges);
        Assert.All(merges, line => Assert.Contains(" 202 ", line, StringComparison.Ordinal));
        Assert.Contains(progress.Reports, p => p.Phase == UploadPhase.Merging);
        Assert.Equal(UploadPhase.Completed, progress.Reports[^1].Phase);
    }

    [Fact]
    public async Task The_same_merge_in_the_waiting_form_is_cut_by_the_proxy()
    {
        using var server = KestrelUploaderServer.With(new SlowMerges(ReadTimeout * 3).InstallIn);
        using var proxy = await NginxProxy.StartAsync(server.BaseAddress, ReadTimeout);
        var source = SourceFiles.Write(_files.Combine("big.bin"), (3 * ChunkSize) + 99, seed: 42);

        // The client still gets there (a lost answer, then merge_in_progress, then polling), but only after a 504.
        var result = await server.NewClient(o => o.BaseAddress = proxy.BaseAddress).UploadFileAsync(
            source, new UploadOptions { ChunkSize = ChunkSize, BackgroundMergeFrom = long.MaxValue });

        Assert.Equal(SourceFiles.Md5Of(source), result.Md5);
        Assert.Contains(MergeLines(proxy), line => line.Contains(" 504 ", StringComparison.Ordinal));
        SourceFiles.AssertSameBytes(source, server.MergedFile(result.FilePath));
    }

    private static List<string> MergeLines(NginxProxy proxy) =>
        [.. proxy.AccessLog.Split('\n').Where(line => line.Contains("POST /go-uploader/merge_chunks", StringComparison.Ordinal))];

    /// <summary>uploader_merges_total{result="ok"}: one per merge that ended with the file (a "merging" answer is not one).</summary>
    private static async Task<long> SuccessfulMergesAsync(KestrelUploaderServer server)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "go-uploader/metrics"));
        request.Headers.Add("X-Secret-Key", KestrelUploaderServer.SecretKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var line = text.Split('\n').Single(l => l.StartsWith("uploader_merges_total{result=\"ok\"}", StringComparison.Ordinal));
        return (long)double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
    }
}
