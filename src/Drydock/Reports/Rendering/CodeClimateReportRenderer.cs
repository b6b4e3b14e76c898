using System.Text.Json;
using Drydock.Findings;

namespace Drydock.Reports.Rendering;

/// <summary>
/// GitLab Code Quality (a subset of the Code Climate issue format): a JSON array with one issue per finding, carrying
/// description, check_name, fingerprint, severity and location.path / location.lines.begin, as GitLab's schema requires.
/// Measurements and probes have no place in it: only findings are written.
/// </summary>
public sealed class CodeClimateReportRenderer : IReportRenderer
{
    public ReportFormat Format => ReportFormat.Codeclimate;

    public void Render(Report report, TextWriter output, RenderOptions options)
    {
        var findings = report.Findings.Order(FindingOrder.Instance).ToList();
        var fingerprints = FindingFingerprints.Compute(findings, options);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonReportRenderer.WriterOptions))
        {
            json.WriteStartArray();
            for (var index = 0; index < findings.Count; index++)
            {
                var finding = findings[index];
                json.WriteStartObject();
                json.WriteString("type", "issue");
                json.WriteString("check_name", finding.Rule.Id);
                json.WriteString("description", $"{finding.Rule.Id}: {finding.Message}");
                json.WriteStartArray("categories");
                json.WriteStringValue(Category(finding.Rule.Category));
                json.WriteEndArray();
                json.WriteString("fingerprint", fingerprints[index]);
                json.WriteString("severity", Severity(finding.Severity));
                json.WriteStartObject("location");
                json.WriteString("path", DisplayPaths.Relative(finding.Span.File, options.WorkingDirectory));
                json.WriteStartObject("lines");
                json.WriteNumber("begin", Math.Max(1, finding.Span.Line));
                if (finding.Span.EndLine > finding.Span.Line)
                {
                    json.WriteNumber("end", finding.Span.EndLine);
                }
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.WriteLine();
    }

    /// <summary>GitLab's severities: info, minor, major, critical, blocker.</summary>
    public static string Severity(Severity severity) => severity switch
    {
        Findings.Severity.Error => "critical",
        Findings.Severity.Warning => "major",
        _ => "info",
    };

    private static string Category(string category) => category switch
    {
        RuleCategories.Security => "Security",
        RuleCategories.Performance => "Performance",
        RuleCategories.Style => "Style",
        RuleCategories.Maintainability => "Clarity",
        _ => "Bug Risk",
    };
}
