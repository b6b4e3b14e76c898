using Drydock.Findings;
using Drydock.Measurements;
using Drydock.Text;

namespace Drydock.Reports.Rendering;

/// <summary>GitHub Actions workflow commands: each finding and each failed target becomes an annotation.</summary>
public sealed class GithubReportRenderer : IReportRenderer
{
    public ReportFormat Format => ReportFormat.Github;

    public void Render(Report report, TextWriter output, RenderOptions options)
    {
        foreach (var finding in report.Findings.Order(FindingOrder.Instance))
        {
            var level = finding.Severity switch
            {
                Severity.Error => "error",
                Severity.Warning => "warning",
                _ => "notice",
            };
            var properties = new List<string> { $"file={Property(DisplayPaths.Relative(finding.Span.File, options.WorkingDirectory))}" };
            if (finding.Span.HasPosition)
            {
                properties.Add($"line={finding.Span.Line}");
                properties.Add($"col={finding.Span.Column}");
                if (finding.Span.EndLine >= finding.Span.Line)
                {
                    properties.Add($"endLine={finding.Span.EndLine}");
                }
                if (finding.Span.EndLine == finding.Span.Line && finding.Span.EndColumn > finding.Span.Column)
                {
                    properties.Add($"endColumn={finding.Span.EndColumn}");
                }
            }
            properties.Add($"title={Property($"{finding.Rule.Id} {finding.Rule.Title}")}");
            output.WriteLine($"::{level} {string.Join(',', properties)}::{Data(finding.Message)}");
        }
        foreach (var measurement in report.Measurements.Where(m => m.Status == MeasurementStatus.Fail))
        {
            var subject = measurement.Service is null ? measurement.Metric.Name : $"{measurement.Metric.Name} ({measurement.Service})";
            output.WriteLine($"::error title={Property(subject)}::{Data($"{subject}: {measurement.ActualText}, target {measurement.Target}")}");
        }
        foreach (var probe in report.Probes.Where(p => p.Status == ProbeStatus.Failed))
        {
            output.WriteLine($"::error title={Property($"probe {probe.Service}/{probe.Name}")}::{Data(probe.Detail ?? "failed")}");
        }
        // A closing plain line, so the log says what happened even when there is nothing to annotate.
        var outcome = report.Status switch
        {
            ReportStatus.Passed => "passed",
            ReportStatus.Failed => "failed",
            _ => report.Findings.Count == 1 ? "1 finding" : $"{report.Findings.Count} findings",
        };
        output.WriteLine($"drydock {report.Command}: {outcome}");
    }

    // Escaping as the Actions runner expects (toolkit/core command.ts).
    private static string Data(string text) =>
        TerminalText.Escape(text, keepLineBreaks: true).Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string text) =>
        Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
