using Uploader.Api;
using Uploader.Api.Configuration;

try
{
    var app = await UploaderHost.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (SettingsException ex)
{
    await Console.Error.WriteLineAsync($"uploader: cannot start: {ex.Message}");
    return 2;
}

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
