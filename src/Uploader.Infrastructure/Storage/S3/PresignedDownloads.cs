using System.Net.Http.Headers;
using Amazon.S3;
using Amazon.S3.Model;
using Uploader.Application.Ports;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// Presigned GET URLs for merged objects (s3_presigned_downloads), valid for <see cref="Lifetime"/>, with the task's file
/// name as the download's Content-Disposition. Off: downloads stream through the server as on the file system.
/// </summary>
public sealed class PresignedDownloads(BucketClient bucket, S3Keys keys, S3Settings settings) : IMergedFileLinks
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public bool Enabled => settings.PresignedDownloads;

    public async Task<Uri> LinkAsync(string filePath, string downloadName, CancellationToken cancellationToken)
    {
        var disposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = downloadName };
        var request = new GetPreSignedUrlRequest
        {
            BucketName = bucket.Name,
            Key = keys.MergedByText(filePath),
            Verb = HttpVerb.GET,
            Protocol = settings.IsHttps ? Protocol.HTTPS : Protocol.HTTP,
            Expires = DateTime.UtcNow.Add(Lifetime),
        };
        request.ResponseHeaderOverrides.ContentDisposition = disposition.ToString();
        return new Uri(await bucket.Client.GetPreSignedURLAsync(request));
    }
}
