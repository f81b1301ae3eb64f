namespace Uploader.Infrastructure.Storage.S3;

/// <summary>The contract's s3_* keys, as in force.</summary>
/// <param name="Endpoint">The store's root URL; empty for AWS itself (the region's endpoint).</param>
/// <param name="Prefix">Put in front of every key the adapter makes, so one bucket can hold several deployments.</param>
/// <param name="AccessKey">With <paramref name="SecretKey"/>; both empty: the SDK's default chain (AWS_* variables, profile, instance role).</param>
public sealed record S3Settings(
    string Endpoint,
    string Region,
    string Bucket,
    string Prefix,
    bool ForcePathStyle,
    string AccessKey,
    string SecretKey,
    bool PresignedDownloads)
{
    /// <summary>Over plain http the SDK must sign payloads and presign http URLs.</summary>
    public bool IsHttps => !Endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    /// <summary>What /system and the logs may say about the store: never a key.</summary>
    public string Describe() => $"s3://{Bucket}/{Prefix}" + (Endpoint.Length > 0 ? $" at {Endpoint}" : string.Empty);

    public override string ToString() => Describe();
}
