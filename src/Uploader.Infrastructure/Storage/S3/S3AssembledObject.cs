using System.Buffers;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Uploader.Application.Errors;
using Uploader.Application.Policies;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// A merged file written to the store but not yet visible: the chunk objects are read in order (hashed into the file's
/// md5 and each re-checked against its recorded checksum) and become the parts of a multipart upload under the target
/// key, copied by the store where the chunks fit the part rules (S3AssembledObject.PartCopy.cs) or else sent, or, for a
/// file no larger than one part, kept in one local file for a single PutObject. Nothing appears under the
/// key before <see cref="PublishAsync"/> completes the upload; disposing an unpublished one aborts it.
/// </summary>
/// <remarks>
/// Each part is written to a local file in the staging folder first, because the SDK signs a whole payload over http
/// (and sends Content-MD5) before sending it, which a network stream cannot give; the next part is filled while the
/// previous one uploads. Local disk in use: two parts at most.
/// </remarks>
internal sealed partial class S3AssembledObject : IAssembledFile
{
    private const int BlockSize = 1024 * 1024;

    private readonly BucketClient _bucket;
    private readonly S3Keys _keys;
    private readonly StorageLayout _layout;
    private readonly ILogger _logger;
    private readonly Guid _taskId;
    private readonly IReadOnlyList<ChunkToMerge> _chunks;
    private readonly string _naturalKey;
    private string _key;
    private string? _uploadId;
    private string? _singlePart;
    private List<PartETag> _parts = [];
    private bool _published;

    private S3AssembledObject(
        BucketClient bucket, S3Keys keys, StorageLayout layout, ILogger logger, Guid taskId, IReadOnlyList<ChunkToMerge> chunks, string naturalKey, string key)
    {
        _bucket = bucket;
        _keys = keys;
        _layout = layout;
        _logger = logger;
        _taskId = taskId;
        _chunks = chunks;
        _naturalKey = naturalKey;
        _key = key;
        Size = chunks.Sum(c => c.Size);
    }

    public long Size { get; }

    public string Md5 { get; private set; } = string.Empty;

    /// <summary>A random token in the object's metadata: set when the upload is created, so it is known before the object is visible.</summary>
    public string Identity { get; } = Guid.NewGuid().ToString("N");

    public IReadOnlyList<int> CorruptChunks { get; private set; } = [];

    /// <param name="naturalKey">The task's own target key.</param>
    /// <param name="key">The key to upload under: the natural key or the name the conflict policy would pick now.</param>
    public static async Task<S3AssembledObject> WriteAsync(
        BucketClient bucket, S3Keys keys, StorageLayout layout, ILogger logger,
        Guid taskId, IReadOnlyList<ChunkToMerge> chunks, string naturalKey, string key, IProgress<long> written, CancellationToken ct)
    {
        var assembled = new S3AssembledObject(bucket, keys, layout, logger, taskId, chunks, naturalKey, key);
        try
        {
            await assembled.UploadAsync(written, ct);
            return assembled;
        }
        catch
        {
            await assembled.DisposeAsync();
            throw;
        }
    }

    public async Task<string> ChooseTargetAsync(ConflictPolicy onConflict, CancellationToken cancellationToken)
    {
        EnsureIntact();
        return _keys.RelativeOf(await ChooseKeyAsync(_bucket, _keys, _naturalKey, onConflict, cancellationToken));
    }

    /// <summary>The natural key, or for rename the first free `name (n).ext`; a taken key under reject is refused.</summary>
    internal static async Task<string> ChooseKeyAsync(BucketClient bucket, S3Keys keys, string naturalKey, ConflictPolicy onConflict, CancellationToken ct)
    {
        const int maxRenameAttempts = 10_000;
        switch (onConflict)
        {
            case ConflictPolicy.Overwrite:
                return naturalKey;
            case ConflictPolicy.Reject:
                return await bucket.ExistsAsync(naturalKey, ct) ? throw new TargetExists(keys.RelativeOf(naturalKey)) : naturalKey;
            default:
                for (var n = 0; n < maxRenameAttempts; n++)
                {
                    var candidate = n == 0 ? naturalKey : AssembledMergeFile.NumberedName(naturalKey, n);
                    if (!await bucket.ExistsAsync(candidate, ct))
                    {
                        return candidate;
                    }
                }

                throw new TargetExists(keys.RelativeOf(naturalKey));
        }
    }

    public async Task<bool> PublishAsync(string filePath, ConflictPolicy onConflict, CancellationToken cancellationToken)
    {
        EnsureIntact();
        var key = _keys.MergedByText(filePath);
        if (key != _key && _singlePart is null)
        {
            // The name was taken between the pre-choice and now (a racing merge of the same name): a multipart upload
            // cannot be renamed, so the parts are sent again under the new key. A single part is put wherever chosen.
            LogRetarget(_taskId, _key, key);
            await AbortAsync();
            _key = key;
            await UploadAsync(Unreported.Instance, cancellationToken);
        }

        _key = key;

        var exclusive = onConflict != ConflictPolicy.Overwrite;
        if (exclusive && await _bucket.ExistsAsync(key, cancellationToken))
        {
            return false;
        }

        try
        {
            if (_singlePart is not null)
            {
                await PutSingleAsync(key, exclusive, cancellationToken);
            }
            else
            {
                await _bucket.Client.CompleteMultipartUploadAsync(
                    new CompleteMultipartUploadRequest
                    {
                        BucketName = _bucket.Name,
                        Key = key,
                        UploadId = _uploadId,
                        PartETags = _parts,
                        IfNoneMatch = exclusive ? "*" : null,
                    },
                    cancellationToken);
            }
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (exclusive && ex.StatusCode == System.Net.HttpStatusCode.PreconditionFailed)
        {
            // A store that honours If-None-Match saw the key taken after the check above.
            return false;
        }

        _published = true;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_published)
        {
            await AbortAsync();
        }

        DeleteSinglePart();
    }

    private void EnsureIntact()
    {
        if (CorruptChunks.Count > 0)
        {
            throw new InvalidOperationException("A file assembled from corrupt chunks is never published.");
        }
    }

    private async Task PutSingleAsync(string key, bool exclusive, CancellationToken ct)
    {
        var request = new PutObjectRequest
        {
            BucketName = _bucket.Name,
            Key = key,
            FilePath = _singlePart,
            MD5Digest = BucketClient.Base64Md5(Md5),
            UseChunkEncoding = false,
            DisablePayloadSigning = _bucket.UnsignedPayload,
            IfNoneMatch = exclusive ? "*" : null,
        };
        request.Metadata[S3Keys.IdentityMetadata] = Identity;
        await _bucket.Client.PutObjectAsync(request, ct);
    }

    /// <summary>
    /// Chunks that fit S3's part rules are copied as parts by the store, unless it has refused that before; any other
    /// file, or one on a store that refuses, has its bytes sent as parts.
    /// </summary>
    private async Task UploadAsync(IProgress<long> written, CancellationToken ct)
    {
        if (!_bucket.RefusesPartCopy
            && PartPlan.CopiesChunksAsParts([.. _chunks.Select(c => c.Size)])
            && await CopyChunksAsPartsAsync(written, ct))
        {
            return;
        }

        await SendChunksAsPartsAsync(written, ct);
    }

    private async Task InitiateAsync(CancellationToken ct)
    {
        var request = new InitiateMultipartUploadRequest { BucketName = _bucket.Name, Key = _key };
        request.Metadata[S3Keys.IdentityMetadata] = Identity;
        _uploadId = (await _bucket.Client.InitiateMultipartUploadAsync(request, ct)).UploadId;
        _parts = [];
    }

    /// <summary>Reads every chunk once, in order; sends the bytes as parts unless a chunk turned out corrupt.</summary>
    private async Task SendChunksAsPartsAsync(IProgress<long> written, CancellationToken ct)
    {
        var partBytes = PartPlan.PartBytes(Size);
        var single = Size <= partBytes;
        if (!single)
        {
            await InitiateAsync(ct);
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var corrupt = new List<int>();
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        await using var parts = new PartFiles(this, _layout, single ? null : _uploadId, partBytes);
        try
        {
            long total = 0;
            foreach (var chunk in _chunks)
            {
                ct.ThrowIfCancellationRequested();
                using var check = ChunkCheck.For(chunk);
                var intact = await ReadChunkAsync(chunk, check, buffer, async block =>
                {
                    if (corrupt.Count == 0)
                    {
                        md5.AppendData(block.Span);
                        await parts.WriteAsync(block, ct);
                    }

                    total += block.Length;
                    written.Report(total);
                }, ct);
                if (!intact)
                {
                    corrupt.Add(chunk.Index);
                }
            }

            CorruptChunks = corrupt;
            if (corrupt.Count > 0)
            {
                return;
            }

            Md5 = Convert.ToHexStringLower(md5.GetHashAndReset());
            if (single)
            {
                _singlePart = await parts.KeepSingleAsync(ct);
            }
            else
            {
                _parts = await parts.FinishAsync(ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Streams one chunk object through <paramref name="check"/>; a missing object, more bytes than recorded, or bytes
    /// that no longer match (by our checksum, or by the SDK's md5 check of a whole object against its ETag) make it corrupt.
    /// </summary>
    private async Task<bool> ReadChunkAsync(
        ChunkToMerge chunk, ChunkCheck check, byte[] buffer, Func<ReadOnlyMemory<byte>, Task> accept, CancellationToken ct, Action<GetObjectResponse>? opened = null)
    {
        try
        {
            using var response = await _bucket.GetAsync(_keys.Chunk(_taskId, chunk.Location), ct);
            if (response is null)
            {
                return false;
            }

            opened?.Invoke(response);

            var body = response.ResponseStream;
            int read;
            while ((read = await body.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, ct)) > 0)
            {
                check.Append(buffer.AsSpan(0, read));
                if (check.Overrun)
                {
                    return false;
                }

                await accept(buffer.AsMemory(0, read));
            }
        }
        catch (AmazonClientException ex) when (ex.Message.Contains("hash", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return check.Intact();
    }

    private async Task AbortAsync()
    {
        if (_uploadId is not { } uploadId)
        {
            return;
        }

        _uploadId = null;
        try
        {
            await _bucket.Client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _bucket.Name, Key = _key, UploadId = uploadId });
        }
        catch (Exception ex) when (ex is AmazonServiceException or IOException or HttpRequestException)
        {
            // Invisible either way: an incomplete upload is never an object. The bucket's lifecycle rule
            // (AbortIncompleteMultipartUpload, docs/storage.md) removes what is left.
            LogAbortFailed(ex, _taskId, _key);
        }
    }

    private void DeleteSinglePart()
    {
        if (_singlePart is not null)
        {
            File.Delete(_singlePart);
            _singlePart = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort the multipart upload of task {TaskId} at {Key}; the bucket's lifecycle rule removes it")]
    private partial void LogAbortFailed(Exception exception, Guid taskId, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Merge of task {TaskId}: {Key} was taken meanwhile, sending the parts again under {NewKey}")]
    private partial void LogRetarget(Guid taskId, string key, string newKey);

    private sealed class Unreported : IProgress<long>
    {
        public static readonly Unreported Instance = new();

        public void Report(long value)
        {
        }
    }

    /// <summary>The local files parts are gathered in, each sent as one UploadPart while the next fills.</summary>
    private sealed class PartFiles(S3AssembledObject owner, StorageLayout layout, string? uploadId, long partBytes) : IAsyncDisposable
    {
        private readonly List<PartETag> _done = [];
        private readonly IncrementalHash _partMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        private readonly List<string> _paths = [];
        private FileStream? _current;
        private string? _currentPath;
        private Task? _inFlight;

        public async Task WriteAsync(ReadOnlyMemory<byte> block, CancellationToken ct)
        {
            while (block.Length > 0)
            {
                _current ??= Open();
                var room = uploadId is null ? block.Length : (int)Math.Min(block.Length, partBytes - _current.Length);
                await _current.WriteAsync(block[..room], ct);
                _partMd5.AppendData(block.Span[..room]);
                block = block[room..];
                if (uploadId is not null && _current.Length == partBytes)
                {
                    await SendCurrentAsync(ct);
                }
            }
        }

        /// <summary>The whole file in one local file, for a single PutObject.</summary>
        public async Task<string> KeepSingleAsync(CancellationToken ct)
        {
            _current ??= Open();
            await _current.FlushAsync(ct);
            await _current.DisposeAsync();
            _current = null;
            var path = _currentPath!;
            _paths.Remove(path);
            return path;
        }

        public async Task<List<PartETag>> FinishAsync(CancellationToken ct)
        {
            if (_current is { Length: > 0 })
            {
                await SendCurrentAsync(ct);
            }

            if (_inFlight is not null)
            {
                await _inFlight;
            }

            return _done;
        }

        public async ValueTask DisposeAsync()
        {
            if (_current is not null)
            {
                await _current.DisposeAsync();
            }

            if (_inFlight is not null)
            {
                try
                {
                    await _inFlight;
                }
                catch (Exception ex) when (ex is AmazonServiceException or IOException or HttpRequestException or OperationCanceledException)
                {
                    // Only while unwinding a failure that is already on its way up.
                }
            }

            foreach (var path in _paths)
            {
                File.Delete(path);
            }

            _partMd5.Dispose();
        }

        private FileStream Open()
        {
            layout.CreateFolderBelowUpload(layout.StagingDir);
            _currentPath = Path.Combine(layout.StagingDir, $"{Guid.NewGuid():N}.part");
            _paths.Add(_currentPath);
            return new FileStream(_currentPath, CreatedFiles.CreateNew(CreatedFiles.ChunkMode));
        }

        private async Task SendCurrentAsync(CancellationToken ct)
        {
            var file = _current!;
            var path = _currentPath!;
            var length = file.Length;
            await file.DisposeAsync();
            _current = null;
            if (_inFlight is not null)
            {
                await _inFlight;
            }

            _inFlight = SendAsync(path, _done.Count + 1, length, Convert.ToHexStringLower(_partMd5.GetHashAndReset()), ct);
        }

        private async Task SendAsync(string path, int number, long length, string hexMd5, CancellationToken ct)
        {
            var answer = await owner._bucket.Client.UploadPartAsync(
                new UploadPartRequest
                {
                    BucketName = owner._bucket.Name,
                    Key = owner._key,
                    UploadId = uploadId,
                    PartNumber = number,
                    FilePath = path,
                    PartSize = length,
                    MD5Digest = BucketClient.Base64Md5(hexMd5),
                    UseChunkEncoding = false,
                    DisablePayloadSigning = owner._bucket.UnsignedPayload,
                },
                ct);
            _done.Add(new PartETag(number, answer.ETag));
            File.Delete(path);
        }
    }
}
