namespace Drydock.Reports.Rendering;

public interface IReportRenderer
{
    ReportFormat Format { get; }

    void Render(Report report, TextWriter output, RenderOptions options);
}

public enum ReportFormat
{
    Text,
    Json,
    Sarif,
    Junit,
    Markdown,
    Github,
    Codeclimate,
    Checkstyle,
    Html,
}

public static class ReportRenderers
{
    private static readonly IReportRenderer[] All =
    [
        new TextReportRenderer(),
        new JsonReportRenderer(),
        new SarifReportRenderer(),
        new JunitReportRenderer(),
        new MarkdownReportRenderer(),
        new GithubReportRenderer(),
        new CodeClimateReportRenderer(),
        new CheckstyleReportRenderer(),
        new Html.HtmlReportRenderer(),
    ];

    public static IReportRenderer For(ReportFormat format) => All.First(renderer => renderer.Format == format);

    public static string Name(this ReportFormat format) => format.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out ReportFormat format)
    {
        foreach (var candidate in Enum.GetValues<ReportFormat>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }
        format = ReportFormat.Text;
        return false;
    }

    /// <summary>The file name <c>--report-dir</c> uses for a format.</summary>
    public static string FileName(this ReportFormat format) => format switch
    {
        ReportFormat.Json => "report.json",
        ReportFormat.Sarif => "report.sarif",
        ReportFormat.Junit => "junit.xml",
        ReportFormat.Markdown => "report.md",
        ReportFormat.Github => "annotations.txt",
        ReportFormat.Codeclimate => "gl-code-quality-report.json",
        ReportFormat.Checkstyle => "checkstyle.xml",
        ReportFormat.Html => "report.html",
        _ => "report.txt",
    };
}
