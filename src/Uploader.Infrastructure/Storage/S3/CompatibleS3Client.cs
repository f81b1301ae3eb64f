using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Uploader.Infrastructure.Storage.S3;

/// <summary>
/// The one place the SDK is set up (ADR 0011, decision 1): settings that S3-compatible stores need and that AWS accepts.
/// </summary>
public static class CompatibleS3Client
{
    public static AmazonS3Config Config(S3Settings settings, int maxErrorRetry)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = new AmazonS3Config
        {
            // bucket.host names need DNS (or a wildcard certificate) that self-hosted stores rarely have.
            ForcePathStyle = settings.ForcePathStyle,

            // SDK 4.x otherwise adds CRC32 checksums (headers or aws-chunked trailers) to every upload and checks them on
            // every download; many stores reject or mangle those, and Content-MD5 plus our own checksums guard the bytes.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,

            // The SDK's own retries are the only ones around S3 calls: a Polly pipeline around them would multiply them.
            MaxErrorRetry = maxErrorRetry,
            RetryMode = RequestRetryMode.Standard,
        };
        if (settings.Endpoint.Length > 0)
        {
            config.ServiceURL = settings.Endpoint;
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        return config;
    }

    public static AmazonS3Client Create(S3Settings settings, int maxErrorRetry)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = Config(settings, maxErrorRetry);
        return settings.AccessKey.Length > 0
            ? new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), config)
            : new AmazonS3Client(config);
    }
}
