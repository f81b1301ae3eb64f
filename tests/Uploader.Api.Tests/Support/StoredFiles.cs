using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Uploader.Infrastructure.Storage.S3;

namespace Uploader.Api.Tests;

/// <summary>
/// What a test server stored, read and changed as an operator (or a fault) would, whatever its `storage`: files under
/// upload_dir and merged_dir, or objects in its bucket (<see cref="TestStorage"/>). An entry is named by a handle, a
/// path or a key, that only this class makes and reads.
/// </summary>
public abstract class StoredFiles
{
    /// <summary>The store of the server configured by <paramref name="configPath"/>.</summary>
    public static StoredFiles Of(string configPath)
    {
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        var folder = Path.GetDirectoryName(configPath)!;
        return config["storage"]?.GetValue<string>() == "s3"
            ? new Bucket(config["s3_bucket"]!.GetValue<string>(), config["s3_prefix"]?.GetValue<string>() ?? string.Empty)
            : new Folders(
                Path.GetFullPath(config["upload_dir"]!.GetValue<string>(), folder),
                Path.GetFullPath(config["merged_dir"]!.GetValue<string>(), folder));
    }

    /// <summary>The merged files' volume as /system and /health name it: merged_dir, or the bucket.</summary>
    public abstract string MergedVolume { get; }

    /// <summary>The handle of a merged file at <paramref name="relative"/> ('/'-separated, as the task's file_path).</summary>
    public abstract string Merged(string relative);

    /// <summary>Handles of the task's stored chunk versions (of one index, or all), sorted.</summary>
    public abstract Task<string[]> ChunksAsync(Guid taskId, int? index = null);

    /// <summary>Every task with stored chunk data (its folder, or objects under its prefix), by task id, with its chunk versions' count.</summary>
    public abstract Task<IReadOnlyDictionary<string, int>> TaskChunkCountsAsync();

    /// <summary>The bytes stored under a handle; null when there is nothing.</summary>
    public abstract Task<byte[]?> ReadAsync(string handle);

    public abstract Task WriteAsync(string handle, byte[] bytes);

    public abstract Task DeleteAsync(string handle);

    /// <summary>Relative paths of every merged file ('/'-separated, sorted), the server's hidden temp files left out.</summary>
    public abstract Task<string[]> MergedFilesAsync();

    /// <summary>
    /// Temp files merges left: `.uploader-*.merging` under merged_dir; none in a bucket, where an unfinished merge is a
    /// multipart upload, which is no object.
    /// </summary>
    public abstract Task<string[]> MergeTempFilesAsync();

    public virtual async Task<bool> ExistsAsync(string handle) => await ReadAsync(handle) is not null;

    public Task<byte[]?> ReadMergedAsync(string relative) => ReadAsync(Merged(relative));

    public Task<bool> MergedExistsAsync(string relative) => ExistsAsync(Merged(relative));

    public Task WriteMergedAsync(string relative, byte[] bytes) => WriteAsync(Merged(relative), bytes);

    public Task WriteTextAsync(string handle, string text) => WriteAsync(handle, System.Text.Encoding.UTF8.GetBytes(text));

    public async Task<string?> ReadTextAsync(string handle) => await ReadAsync(handle) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    public async Task<string> Md5OfAsync(string handle) =>
        Md5Hex.Of(await ReadAsync(handle) ?? throw new FileNotFoundException($"Nothing stored at {handle}."));

    public async Task<string> Md5OfMergedAsync(string relative) =>
        Md5Hex.Of(await ReadMergedAsync(relative) ?? throw new FileNotFoundException($"No merged file at {relative}."));

    private sealed class Folders(string uploadDir, string mergedDir) : StoredFiles
    {
        public override string MergedVolume => mergedDir;

        public override string Merged(string relative) => Path.Combine(mergedDir, relative);

        public override Task<string[]> ChunksAsync(Guid taskId, int? index = null)
        {
            var folder = Path.Combine(uploadDir, taskId.ToString("N"));
            return Task.FromResult(Directory.Exists(folder)
                ? Directory.GetFiles(folder, index is { } i ? $"{i:D6}.*.chunk" : "*.chunk").Order(StringComparer.Ordinal).ToArray()
                : []);
        }

        public override Task<IReadOnlyDictionary<string, int>> TaskChunkCountsAsync() =>
            Task.FromResult<IReadOnlyDictionary<string, int>>(
                (Directory.Exists(uploadDir) ? Directory.GetDirectories(uploadDir) : [])
                    .Where(d => !Path.GetFileName(d).StartsWith('.'))
                    .ToDictionary(d => Path.GetFileName(d), d => Directory.GetFiles(d, "*.chunk").Length));

        public override async Task<byte[]?> ReadAsync(string handle) => File.Exists(handle) ? await File.ReadAllBytesAsync(handle) : null;

        public override Task WriteAsync(string handle, byte[] bytes)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(handle)!);
            return File.WriteAllBytesAsync(handle, bytes);
        }

        public override Task DeleteAsync(string handle)
        {
            File.Delete(handle);
            return Task.CompletedTask;
        }

        public override Task<string[]> MergeTempFilesAsync() => Task.FromResult(
            Directory.Exists(mergedDir) ? Directory.GetFiles(mergedDir, ".uploader-*.merging", SearchOption.AllDirectories) : []);

        public override Task<string[]> MergedFilesAsync() => Task.FromResult(
            Directory.Exists(mergedDir)
                ? Directory.GetFiles(mergedDir, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(mergedDir, f).Replace('\\', '/'))
                    .Where(f => !Path.GetFileName(f).StartsWith(".uploader-", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .ToArray()
                : []);
    }

    private sealed class Bucket(string name, string prefix) : StoredFiles
    {
        private static readonly Lazy<AmazonS3Client> SharedClient = new(() => CompatibleS3Client.Create(Settings(string.Empty, string.Empty), maxErrorRetry: 3));

        private readonly S3Keys _keys = new(prefix);

        public override string MergedVolume => Settings(name, prefix).Describe();

        public override string Merged(string relative) => _keys.MergedByText(relative);

        public override async Task<string[]> ChunksAsync(Guid taskId, int? index = null)
        {
            var start = _keys.TaskPrefix(taskId) + (index is { } i ? $"{i:D6}." : string.Empty);
            return [.. (await ListAsync(start)).Where(k => k.EndsWith(".chunk", StringComparison.Ordinal))];
        }

        public override async Task<IReadOnlyDictionary<string, int>> TaskChunkCountsAsync() =>
            (await ListAsync(_keys.TasksRoot))
                .Where(k => k.EndsWith(".chunk", StringComparison.Ordinal))
                .GroupBy(k => k[_keys.TasksRoot.Length..].Split('/')[0])
                .ToDictionary(g => g.Key, g => g.Count());

        public override async Task<byte[]?> ReadAsync(string handle)
        {
            try
            {
                using var answer = await Client().GetObjectAsync(name, handle);
                using var bytes = new MemoryStream();
                await answer.ResponseStream.CopyToAsync(bytes);
                return bytes.ToArray();
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }

        /// <remarks>
        /// By HEAD: s3rver writes a completed multipart object into place while it is already listed, so a GET during
        /// completion can read it half written (the SDK then reports a hash mismatch); the metadata is whole.
        /// </remarks>
        public override async Task<bool> ExistsAsync(string handle)
        {
            try
            {
                await Client().GetObjectMetadataAsync(name, handle);
                return true;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
        }

        public override Task WriteAsync(string handle, byte[] bytes) => Client().PutObjectAsync(new PutObjectRequest
        {
            BucketName = name,
            Key = handle,
            InputStream = new MemoryStream(bytes, writable: false),
            UseChunkEncoding = false,
        });

        public override Task DeleteAsync(string handle) => Client().DeleteObjectAsync(name, handle);

        public override Task<string[]> MergeTempFilesAsync() => Task.FromResult<string[]>([]);

        public override async Task<string[]> MergedFilesAsync() =>
            [.. (await ListAsync(_keys.Prefix + "merged/")).Select(_keys.RelativeOf)];

        private async Task<string[]> ListAsync(string start)
        {
            var keys = new List<string>();
            var request = new ListObjectsV2Request { BucketName = name, Prefix = start };
            ListObjectsV2Response page;
            do
            {
                page = await Client().ListObjectsV2Async(request);
                keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
                request.ContinuationToken = page.NextContinuationToken;
            }
            while (page.IsTruncated == true);
            return [.. keys.Order(StringComparer.Ordinal)];
        }

        private static AmazonS3Client Client() => SharedClient.Value;

        /// <summary>The settings TestStorage.Configure gives a server, for this bucket.</summary>
        private static S3Settings Settings(string bucket, string prefix) => new(
            S3rverServer.Shared().ServiceUrl.ToString(), "us-east-1", bucket, prefix, true, S3rverServer.AccessKey, S3rverServer.SecretKey, false);
    }
}
