using Drydock.Reports;
using Drydock.Reports.Rendering;

namespace Drydock.Cli.Terminal;

/// <summary>Writes a report to stdout in the chosen format; colour only for text on a terminal.</summary>
public static class ReportOutput
{
    public static void Write(CliConsole console, Report report, ReportFormat format, ISourceTextProvider? sources = null)
    {
        ReportRenderers.For(format).Render(report, console.Out, OptionsFor(console, format, sources));
        console.Out.Flush();
    }

    public static RenderOptions OptionsFor(CliConsole console, ReportFormat format, ISourceTextProvider? sources = null) => new()
    {
        Color = format == ReportFormat.Text && console.ColorEnabled,
        Width = console.Width,
        WorkingDirectory = console.CurrentDirectory,
        Sources = sources ?? new FileSourceTextProvider(),
    };

    /// <summary>
    /// The report on stdout in <paramref name="format"/>, and in each <c>-o FORMAT=FILE</c> format into its file
    /// (relative to the current directory; missing parent directories are created). Files are written first, so a
    /// file that cannot be written is an error before anything reaches stdout.
    /// </summary>
    public static void Write(CliConsole console, Report report, ReportFormat format, IReadOnlyList<(ReportFormat Format, string File)> outputs, ISourceTextProvider? sources = null)
    {
        sources ??= new FileSourceTextProvider();
        foreach (var (fileFormat, file) in outputs)
        {
            var path = Path.GetFullPath(file, console.CurrentDirectory);
            try
            {
                if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
                {
                    Directory.CreateDirectory(directory);
                }
                using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
                ReportRenderers.For(fileFormat).Render(report, writer, OptionsFor(console, fileFormat, sources) with { Color = false });
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new DrydockException($"cannot write {file}: {error.Message}", null, "give -o a FORMAT=FILE whose directory is writable.", error);
            }
        }
        Write(console, report, format, sources);
    }

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
