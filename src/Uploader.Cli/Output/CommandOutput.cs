using System.Text.Json;

namespace Uploader.Cli.Output;

/// <summary>Writes a command's result as text or, with --json, as one JSON document.</summary>
internal sealed class CommandOutput(TextWriter stdout, bool json)
{
    public bool IsJson => json;

    public int Write(object document, Action<TextWriter> text)
    {
        if (json)
        {
            JsonOutput.Write(stdout, document);
        }
        else
        {
            text(stdout);
        }

        return ExitCodes.Success;
    }

    public int WriteServerAnswer(JsonElement raw, object dto, Action<TextWriter> text)
    {
        if (json)
        {
            JsonOutput.WriteServerAnswer(stdout, raw, dto);
        }
        else
        {
            text(stdout);
        }

        return ExitCodes.Success;
    }
}
