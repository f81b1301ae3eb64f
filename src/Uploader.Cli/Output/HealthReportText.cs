using Uploader.Client;

namespace Uploader.Cli.Output;

internal static class HealthReportText
{
    public static void Write(TextWriter writer, HealthReport report)
    {
        writer.WriteLine($"{report.Status} ({Display.Time(report.Timestamp)})");
        var table = new TextTable();
        foreach (var (name, check) in report.Checks)
        {
            table.Add($"  {name}", check.Status, Display.OrDash(check.Description));
        }

        table.WriteTo(writer);
    }
}
