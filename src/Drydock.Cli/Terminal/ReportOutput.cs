using Drydock.Reports;
using Drydock.Reports.Rendering;

namespace Drydock.Cli.Terminal;

/// <summary>Writes a report to stdout in the chosen format; colour only for text on a terminal.</summary>
public static class ReportOutput
{
    public static void Write(CliConsole console, Report report, ReportFormat format)
    {
        ReportRenderers.For(format).Render(report, console.Out, OptionsFor(console, format));
        console.Out.Flush();
    }

    public static RenderOptions OptionsFor(CliConsole console, ReportFormat format) => new()
    {
        Color = format == ReportFormat.Text && console.ColorEnabled,
        Width = console.Width,
        WorkingDirectory = console.CurrentDirectory,
    };

    /// <summary>Writes each format's file into <paramref name="directory"/> (created if needed); returns the paths.</summary>
    public static IReadOnlyList<string> WriteFiles(CliConsole console, Report report, string directory, IEnumerable<ReportFormat> formats)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var format in formats)
        {
            var path = Path.Combine(directory, format.FileName());
            using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)))
            {
                ReportRenderers.For(format).Render(report, writer, OptionsFor(console, format) with { Color = false });
            }
            written.Add(path);
        }
        return written;
    }
}
