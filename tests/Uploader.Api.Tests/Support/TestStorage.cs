using System.Text.Json.Nodes;

namespace Uploader.Api.Tests;

/// <summary>
/// Where the test servers keep chunks and merged files. In this project (and the PostgreSQL one) the two folders of
/// <see cref="TestConfig.Default"/>; in Uploader.Api.Tests.S3, which compiles these same sources with S3 defined, a fresh
/// bucket of the run's s3rver (<see cref="S3rverServer.Shared"/>) for every server's config.
/// </summary>
internal static class TestStorage
{
    public const string Prefix = "t/";

    public static bool IsS3 =>
#if S3
        true;
#else
        false;
#endif

    public static void Configure(JsonObject config) => Configure(config, IsS3 ? S3rverServer.SharedBucket() : string.Empty);

    /// <summary>
    /// For servers that share their storage, as instances behind one balancer do: every config it is applied to gets the
    /// same bucket (or, on the file system, is left to the caller's shared folders).
    /// </summary>
    public static Action<JsonObject> Shared()
    {
        var bucket = IsS3 ? S3rverServer.SharedBucket() : string.Empty;
        return config => Configure(config, bucket);
    }

    private static void Configure(JsonObject config, string bucket)
    {
        if (IsS3)
        {
            var server = S3rverServer.Shared();
            config["storage"] = "s3";
            config["s3_endpoint"] = server.ServiceUrl.ToString();
            config["s3_bucket"] = bucket;
            config["s3_prefix"] = Prefix;
            config["s3_force_path_style"] = true;
            config["s3_access_key"] = S3rverServer.AccessKey;
            config["s3_secret_key"] = S3rverServer.SecretKey;
        }
    }
}
