using System.Globalization;
using System.Xml;
using Drydock.Findings;

namespace Drydock.Reports.Rendering;

/// <summary>
/// Checkstyle XML, which many CI servers and review bots read (hadolint and ShellCheck write it too): one
/// <c>&lt;file&gt;</c> per file, one <c>&lt;error&gt;</c> per finding with line, column, severity, message and the
/// rule as <c>source</c>. Only findings are written.
/// </summary>
public sealed class CheckstyleReportRenderer : IReportRenderer
{
    public ReportFormat Format => ReportFormat.Checkstyle;

    public void Render(Report report, TextWriter output, RenderOptions options)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("checkstyle");
        xml.WriteAttributeString("version", "4.3");
        var byFile = report.Findings.Order(FindingOrder.Instance)
            .GroupBy(finding => DisplayPaths.Relative(finding.Span.File, options.WorkingDirectory), StringComparer.Ordinal);
        foreach (var file in byFile)
        {
            xml.WriteStartElement("file");
            xml.WriteAttributeString("name", file.Key);
            foreach (var finding in file)
            {
                xml.WriteStartElement("error");
                if (finding.Span.HasPosition)
                {
                    xml.WriteAttributeString("line", finding.Span.Line.ToString(CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("column", Math.Max(1, finding.Span.Column).ToString(CultureInfo.InvariantCulture));
                }
                xml.WriteAttributeString("severity", finding.Severity.ToName());
                xml.WriteAttributeString("message", $"{finding.Rule.Id}: {finding.Message}");
                xml.WriteAttributeString("source", $"drydock.{finding.Rule.Id}");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        output.WriteLine();
    }
}
