using Spectre.Console;
using Spectre.Console.Rendering;
using Uploader.Cli.Output;
using Uploader.Cli.Parsing;

namespace Uploader.Cli.Progress;

/// <summary>
/// The client's own rate and the ETA from it: Spectre's speed column would count chunks already on the server as
/// sent in this run and show a burst when a resumed upload starts.
/// </summary>
internal sealed class RateAndEtaColumn : ProgressColumn
{
    /// <summary>Bytes per second of this run while uploading, 0 in the other phases.</summary>
    public const string RateKey = "rate";

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var rate = task.State.Get<double>(RateKey);
        if (rate <= 0)
        {
            return Text.Empty;
        }

        var eta = TimeSpan.FromSeconds((task.MaxValue - task.Value) / rate);
        return new Text($"{Display.Rate(rate)} ETA {Duration.Format(eta)}", new Style(Color.Grey));
    }
}
